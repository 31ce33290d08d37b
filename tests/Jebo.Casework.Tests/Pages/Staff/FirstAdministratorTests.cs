using System.Net;
using System.Text.RegularExpressions;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.Staff;

public sealed partial class FirstAdministratorTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_administrator_from_init_signs_in_with_the_printed_password_and_sets_up_the_first_office_user(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        Assert.NotEmpty(platform.AdministratorPassword);
        using var admin = new StaffBrowser(platform);
        Assert.Equal("/", await admin.SignInAsync("admin", platform.AdministratorPassword));

        // One-time password first, then the pledge, then the pages.
        Assert.Equal("/account/password", (await admin.GetAsync("/admin/users")).Headers.Location!.OriginalString);
        const string chosen = "national administrator passphrase";
        var changed = await admin.SubmitAsync(
            "/account/password",
            ("current", platform.AdministratorPassword),
            ("next", chosen),
            ("repeat", chosen)
        );
        Assert.Equal("/pledge", changed.Headers.Location!.OriginalString);
        await admin.SubmitAsync(
            "/pledge",
            ("agree", "true"),
            // The first version, which the migration brings.
            ("version", "1")
        );

        var created = await admin.SubmitAsync(
            "/admin/users",
            ("login", "seoul.scr"),
            ("office", "11"),
            ("role", Roles.Screener)
        );
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var oneTime = OneTimePassword().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        using var screener = new StaffBrowser(platform);
        Assert.Equal("/", await screener.SignInAsync("seoul.scr", oneTime));

        // The printed password no longer works.
        using var stranger = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (
                await stranger.SubmitAsync("/signin", ("login", "admin"), ("password", platform.AdministratorPassword))
            ).StatusCode
        );
    }

    [GeneratedRegex("id=\"one-time-password\">([^<]+)<")]
    private static partial Regex OneTimePassword();
}
