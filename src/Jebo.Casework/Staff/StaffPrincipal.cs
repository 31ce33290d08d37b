using System.Security.Claims;

namespace Jebo.Casework.Staff;

/// <summary>The signed-in member of staff as handlers see them.</summary>
public sealed record StaffPrincipal(Guid UserId, string Login, string OfficeCode, string Role)
{
    public const string OfficeClaim = "jebo:office";

    public static StaffPrincipal From(ClaimsPrincipal user) =>
        new(
            Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!),
            user.FindFirstValue(ClaimTypes.Name)!,
            user.FindFirstValue(OfficeClaim)!,
            user.FindFirstValue(ClaimTypes.Role)!
        );

    public ClaimsPrincipal ToClaims(string scheme) =>
        new(
            new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, UserId.ToString()),
                    new Claim(ClaimTypes.Name, Login),
                    new Claim(OfficeClaim, OfficeCode),
                    new Claim(ClaimTypes.Role, Role),
                ],
                scheme
            )
        );
}
