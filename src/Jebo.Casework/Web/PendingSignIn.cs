using System.Security.Claims;
using Jebo.Casework.Data;
using Jebo.Casework.Localization;
using Jebo.Casework.Staff;
using Jebo.Reference.TimeZones;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Localization;

namespace Jebo.Casework.Web;

/// <summary>A sign-in whose password was right and whose code is still to come, carried for a few minutes in the
/// encrypted <see cref="StaffSession.PendingScheme"/> cookie; for a first sign-in it also carries the TOTP secret
/// being enrolled, which is saved only once a code made from it is entered.</summary>
public sealed record PendingSignIn(Guid UserId, string Login, string Stamp, byte[]? EnrolmentSecret, string? ReturnUrl)
{
    private const string SecretItem = "jebo.enrolmentSecret";
    private const string ReturnItem = "jebo.returnUrl";

    public static async Task BeginAsync(HttpContext context, StaffUser user, string? returnUrl)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.Login),
                new Claim(StaffSession.StampClaim, StaffSignIn.SessionStamp(user)),
            ],
            StaffSession.PendingScheme
        );
        var properties = new AuthenticationProperties { IsPersistent = false };
        if (user.TotpSecret is null)
        {
            properties.Items[SecretItem] = Totp.ToBase32(Totp.NewSecret());
        }

        if (LocalRedirect.IsLocal(returnUrl))
        {
            properties.Items[ReturnItem] = returnUrl;
        }

        await context.SignInAsync(StaffSession.PendingScheme, new ClaimsPrincipal(identity), properties);
    }

    /// <summary>The pending sign-in of this browser, or null when there is none (or it ran out).</summary>
    public static async Task<PendingSignIn?> ReadAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(StaffSession.PendingScheme);
        if (
            !result.Succeeded
            || result.Principal is not { } principal
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
        )
        {
            return null;
        }

        var items = result.Properties?.Items ?? new Dictionary<string, string?>();
        var secret =
            items.TryGetValue(SecretItem, out var base32) && base32 is not null ? Totp.FromBase32(base32) : null;
        return new PendingSignIn(
            userId,
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(StaffSession.StampClaim) ?? "",
            secret,
            items.TryGetValue(ReturnItem, out var returnUrl) ? returnUrl : null
        );
    }

    public static Task EndAsync(HttpContext context) => context.SignOutAsync(StaffSession.PendingScheme);

    /// <summary>Ends the code step (sign-in or enrolment) the same way for both: an accepted code starts the session
    /// and names where to go; a refused one says why (<paramref name="wrong"/>, already in the person's language, for a
    /// plain wrong code), and a hold also ends the pending sign-in, so the password is asked for again.</summary>
    public async Task<(string? Destination, string? Failure)> FinishAsync(
        HttpContext context,
        SignInResult result,
        DateTimeOffset now,
        IStringLocalizer<StaffText> text,
        LocalizedString wrong,
        PlatformTimeZone zone
    )
    {
        if (result.Status == SignInStatus.Accepted)
        {
            await StaffSession.StartAsync(context, result.User!, now);
            return (Destination, null);
        }

        var failure = result switch
        {
            { Status: SignInStatus.Held, HeldUntil: { } until } => text["SignIn.Held", zone.Format(until)],
            { HeldUntil: { } until } => text["SignIn.WrongAndHeld", zone.Format(until)],
            _ => wrong,
        };
        if (result.HeldUntil is not null)
        {
            await EndAsync(context);
        }

        return (null, failure);
    }

    /// <summary>Where to go after sign-in: only a path on this site, never another origin
    /// (<see cref="LocalRedirect"/>).</summary>
    public string Destination => LocalRedirect.Or(ReturnUrl);
}
