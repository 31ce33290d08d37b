using System.Net;
using System.Net.Http.Headers;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Tests.Cli;

/// <summary><c>jebo users set --disabled</c> and <c>jebo users revoke-tokens</c> while casework runs: the account's web
/// sessions and tokens stop at their next request, not at their expiry.</summary>
public sealed class UsersVerbsOnARunningPlatformTests
{
    private const string Password = "Running-platform-password-1";

    [Theory]
    [DatabaseProviders]
    public async Task Revoke_tokens_and_disabling_end_the_account_s_sessions_and_tokens_at_once(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(
            Password + "\n",
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            Roles.Investigator,
            "--password-stdin",
            "--pledge-signed"
        );
        using var person = new StaffBrowser(platform);
        await person.SignInAsync("kim", Password);
        using var program = Program(platform, await TokenAsync(platform));
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await program.GetAsync("/api/v1/cases")).StatusCode);
        Assert.DoesNotContain(
            "never",
            (await platform.RunCliAsync(null, "users", "list"))
                .Split('\n')
                .Single(l => l.StartsWith("kim ", StringComparison.Ordinal)),
            StringComparison.Ordinal
        );

        Assert.Contains(
            "1 token(s) revoked",
            await platform.RunCliAsync(null, "users", "revoke-tokens", "--login", "kim"),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.Redirect, (await person.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.GetAsync("/api/v1/cases")).StatusCode);

        // Signed out, not locked out: the person signs in again and a new token works.
        await person.SignInAsync("kim", Password);
        using var again = Program(platform, await TokenAsync(platform));
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/cases")).StatusCode);

        await platform.RunCliAsync(null, "users", "set", "--login", "kim", "--disabled", "true");
        Assert.Equal(HttpStatusCode.Redirect, (await person.GetAsync("/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.GetAsync("/api/v1/cases")).StatusCode);
        using var stranger = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await stranger.SubmitAsync("/signin", ("login", "kim"), ("password", Password))).StatusCode
        );
    }

    private static async Task<string> TokenAsync(TestPlatform platform) =>
        (await platform.RunCliAsync(null, "users", "token", "--login", "kim")).Trim().Split('\n')[^1].Trim();

    private static HttpClient Program(TestPlatform platform, string token)
    {
        var client = platform.NewCaseworkClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
