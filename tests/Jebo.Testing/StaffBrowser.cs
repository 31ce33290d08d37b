using System.Net;
using System.Text.RegularExpressions;
using Jebo.Casework.Staff;

namespace Jebo.Testing;

/// <summary>A person at the staff web application, without a real browser: keeps cookies, fills forms with their
/// antiforgery token, follows nothing by itself (tests look at every redirect), and signs in with password and TOTP
/// the way a person with an authenticator app does.</summary>
public sealed partial class StaffBrowser : IDisposable
{
    private readonly HttpClient client;
    private long lastStep = long.MinValue;

    public StaffBrowser(TestPlatform platform)
    {
        Platform = platform;
        client = new HttpClient(new CookieHandler(platform.CaseworkHandler(), Cookies))
        {
            BaseAddress = platform.CaseworkAddress ?? new Uri("http://localhost/"),
        };
    }

    public TestPlatform Platform { get; }
    public CookieContainer Cookies { get; } = new();

    /// <summary>The TOTP secret this person's app holds, once enrolled.</summary>
    public byte[]? TotpSecret { get; set; }

    /// <summary>The clock the app reads (the platform's, when a test moves it).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public async Task<HttpResponseMessage> GetAsync(string path) => await client.GetAsync(path);

    public async Task<string> GetPageAsync(string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(
            response.StatusCode == HttpStatusCode.OK,
            $"GET {path} answered {(int)response.StatusCode} {response.Headers.Location}"
        );
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Opens <paramref name="page"/>, takes the form's antiforgery token and posts the fields to
    /// <paramref name="action"/> (the page itself by default).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(
        string page,
        IEnumerable<KeyValuePair<string, string>> fields,
        string? action = null
    )
    {
        var html = await GetPageAsync(page);
        return await PostAsync(action ?? page, AntiforgeryToken(html), fields);
    }

    public Task<HttpResponseMessage> SubmitAsync(string page, params (string Name, string Value)[] fields) =>
        SubmitAsync(page, fields.Select(f => KeyValuePair.Create(f.Name, f.Value)));

    public async Task<HttpResponseMessage> PostAsync(
        string action,
        string? token,
        IEnumerable<KeyValuePair<string, string>> fields
    )
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(KeyValuePair.Create("__RequestVerificationToken", token));
        }

        return await client.PostAsync(action, new FormUrlEncodedContent(all));
    }

    /// <summary>Signs in with password and TOTP, enrolling the app first when the account has none; answers where the
    /// application sent the person afterwards.</summary>
    public async Task<string> SignInAsync(string login, string password)
    {
        var answer = await SubmitAsync("/signin", ("login", login), ("password", password));
        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"password step answered {(int)answer.StatusCode}");
        var next = answer.Headers.Location!.OriginalString;
        if (next == "/signin/enrol")
        {
            var page = await GetPageAsync(next);
            TotpSecret = Totp.FromBase32(SecretOnPage(page));
            answer = await PostAsync(next, AntiforgeryToken(page), [KeyValuePair.Create("code", NextCode())]);
        }
        else
        {
            Assert.Equal("/signin/code", next);
            answer = await SubmitAsync(next, ("code", NextCode()));
        }

        Assert.True(answer.StatusCode == HttpStatusCode.Redirect, $"code step answered {(int)answer.StatusCode}");
        return answer.Headers.Location!.OriginalString;
    }

    /// <summary>The code the app shows now; never the one of a step already used (the server refuses replays), so a
    /// second sign-in within 30 seconds takes the next step's code, still inside the allowed drift.</summary>
    public string NextCode()
    {
        var step = Math.Max(Totp.StepAt(Clock.GetUtcNow()), lastStep + 1);
        lastStep = step;
        return Totp.Code(TotpSecret ?? throw new InvalidOperationException("no TOTP secret enrolled"), step);
    }

    /// <summary>Creates an account with the CLI and signs it in through the pages (enrolment, password change,
    /// pledge).</summary>
    public async Task SignInNewAccountAsync(string login, string office, string role, bool pledgeSigned = true)
    {
        var password = "Browser-password-" + Guid.NewGuid().ToString("n")[..8];
        string[] args = ["users", "add", "--login", login, "--office", office, "--role", role, "--password-stdin"];
        await Platform.RunCliAsync(password + "\n", pledgeSigned ? [.. args, "--pledge-signed"] : args);
        await SignInAsync(login, password);
    }

    public static string AntiforgeryToken(string html) =>
        TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on the page");

    public static string SecretOnPage(string html) =>
        SecretPattern().Match(html) is { Success: true } match
            ? match.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal)
            : throw new InvalidOperationException("no TOTP secret on the page");

    public void Dispose() => client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("id=\"totp-secret\">([A-Z2-7 ]+)<")]
    private static partial Regex SecretPattern();
}
