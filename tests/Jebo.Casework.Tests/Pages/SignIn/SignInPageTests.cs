using System.Net;
using Jebo.Casework.Staff;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.SignIn;

public sealed class SignInPageTests
{
    [Theory]
    [DatabaseProviders]
    public async Task First_sign_in_enrols_TOTP_with_a_QR_code_and_later_sign_ins_need_password_and_code(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "kim", "11", Roles.Screener);
        using var browser = new StaffBrowser(platform);

        var toCode = await browser.SubmitAsync("/signin", ("login", "kim"), ("password", password));
        Assert.Equal(HttpStatusCode.Redirect, toCode.StatusCode);
        Assert.Equal("/signin/enrol", toCode.Headers.Location!.OriginalString);
        var enrol = await browser.GetPageAsync("/signin/enrol");
        Assert.Contains("<svg", enrol, StringComparison.Ordinal);
        Assert.Contains("otpauth://totp/Jebo:kim?secret=", enrol, StringComparison.Ordinal);
        browser.TotpSecret = Totp.FromBase32(StaffBrowser.SecretOnPage(enrol));

        // The secret is saved only once a code made from it is entered: a wrong code leaves the account unenrolled.
        var wrong = await browser.PostAsync(
            "/signin/enrol",
            StaffBrowser.AntiforgeryToken(enrol),
            [KeyValuePair.Create("code", "000000")]
        );
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Null(db.Users.Single(u => u.Login == "kim").TotpSecret);
        }

        var done = await browser.PostAsync(
            "/signin/enrol",
            StaffBrowser.AntiforgeryToken(enrol),
            [KeyValuePair.Create("code", browser.NextCode())]
        );
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/", done.Headers.Location!.OriginalString);
        Assert.Contains("kim", await browser.GetPageAsync("/cases"), StringComparison.Ordinal);

        // Signed out, the pages send the person back to sign in; the next sign-in asks for the code, not enrolment.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SubmitAsync("/signout")).StatusCode);
        var after = await browser.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(
            "http://localhost/signin?returnUrl=%2Fcases",
            after.Headers.Location!.ToString(),
            StringComparison.Ordinal
        );
        Assert.Equal("/", await browser.SignInAsync("kim", password));

        var audit = await PageTesting.AuditAsync(platform);
        var mine = audit.Where(a => a.Actor == "kim").Select(a => a.Action).ToList();
        Assert.Equal(
            ["signin.failed", "totp.enrolled", "signin.succeeded", "cases.listed", "signout", "signin.succeeded"],
            mine
        ); // the list view leaves a trace too
        Assert.Contains(
            "enrolment-code",
            audit.First(a => a.Action == "signin.failed").Details,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_code_cannot_be_used_twice_and_a_wrong_code_is_refused(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var password = await PageTesting.AddUserAsync(platform, "lee", "11", Roles.Screener);
        using var browser = new StaffBrowser(platform) { Clock = clock };
        await browser.SignInAsync("lee", password);
        var usedCode = Totp.Code(browser.TotpSecret!, Totp.StepAt(clock.GetUtcNow()));

        using var second = new StaffBrowser(platform) { Clock = clock, TotpSecret = browser.TotpSecret };
        await second.SubmitAsync("/signin", ("login", "lee"), ("password", password));
        var replay = await second.SubmitAsync("/signin/code", ("code", usedCode));
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        var wrong = await second.SubmitAsync("/signin/code", ("code", usedCode == "123456" ? "654321" : "123456"));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        clock.Advance(TimeSpan.FromSeconds(30));
        var fresh = await second.SubmitAsync(
            "/signin/code",
            ("code", Totp.Code(browser.TotpSecret!, Totp.StepAt(clock.GetUtcNow())))
        );
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Failures_slow_sign_in_down_then_lock_the_account_and_every_step_is_audited(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var password = await PageTesting.AddUserAsync(platform, "park", "26", Roles.Investigator);
        using var browser = new StaffBrowser(platform) { Clock = clock };

        async Task<HttpResponseMessage> TryAsync(string typed) =>
            await browser.SubmitAsync("/signin", ("login", "park"), ("password", typed));

        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync("wrong-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync("wrong-2")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync("wrong-3")).StatusCode);
        // After the third failure even the right password waits: it is not checked until the hold runs out.
        var held = await TryAsync(password);
        Assert.Equal(HttpStatusCode.BadRequest, held.StatusCode);
        clock.Advance(
            SignInThrottle.HoldUntil(3, clock.GetUtcNow())!.Value - clock.GetUtcNow() + TimeSpan.FromSeconds(1)
        );
        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync("wrong-4")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync("wrong-5")).StatusCode);

        // Locked: the right password is refused for the lockout's length, then works.
        clock.Advance(SignInThrottle.LockoutDuration - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.BadRequest, (await TryAsync(password)).StatusCode);
        await using (var db = platform.OpenCaseworkDb())
        {
            var user = db.Users.Single(u => u.Login == "park");
            Assert.Equal(SignInThrottle.LockoutFailures, user.FailedSignIns);
            Assert.True(user.LockedUntil > clock.GetUtcNow());
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("/", await browser.SignInAsync("park", password));
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.Equal(0, db.Users.Single(u => u.Login == "park").FailedSignIns);
        }

        var actions = (await PageTesting.AuditAsync(platform))
            .Where(a => a.Actor == "park")
            .Select(a => a.Action)
            .ToList();
        // five wrong passwords and two refused while held
        Assert.Equal(5, actions.Count(a => a == "signin.failed") - 2);
        Assert.Single(actions, "signin.locked");
        Assert.Equal("signin.succeeded", actions[^1]);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Wrong_codes_count_like_wrong_passwords(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var password = await PageTesting.AddUserAsync(platform, "choi", "26", Roles.Investigator);
        using var browser = new StaffBrowser(platform) { Clock = clock };
        await browser.SignInAsync("choi", password);
        await browser.SubmitAsync("/signout");

        for (var i = 0; i < SignInThrottle.LockoutFailures; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(3));
            var step = await browser.SubmitAsync("/signin", ("login", "choi"), ("password", password));
            Assert.Equal("/signin/code", step.Headers.Location!.OriginalString);
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await browser.SubmitAsync("/signin/code", ("code", "000000"))).StatusCode
            );
        }

        var locked = await browser.SubmitAsync("/signin", ("login", "choi"), ("password", password));
        Assert.Equal(HttpStatusCode.BadRequest, locked.StatusCode);
        Assert.Contains((await PageTesting.AuditAsync(platform)), a =>
            a.Action == "signin.locked" && a.Actor == "choi"
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_unknown_login_is_refused_like_a_wrong_password_and_audited_without_what_was_typed(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        var answer = await browser.SubmitAsync(
            "/signin",
            ("login", "my-secret-password-typed-here"),
            ("password", "x")
        );
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        var entry = (await PageTesting.AuditAsync(platform)).Last();
        Assert.Equal(("unknown", "signin.failed"), (entry.Actor, entry.Action));
        Assert.DoesNotContain("my-secret", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_disabled_account_cannot_sign_in_even_with_the_right_password(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "jung", "11", Roles.Screener);
        await PageTesting.ChangeUserAsync(platform, "jung", u => u.DisabledAt = DateTimeOffset.UtcNow);
        using var browser = new StaffBrowser(platform);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await browser.SubmitAsync("/signin", ("login", "jung"), ("password", password))).StatusCode
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task The_code_page_without_a_password_step_sends_the_person_to_sign_in(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var browser = new StaffBrowser(platform);
        foreach (var page in new[] { "/signin/code", "/signin/enrol" })
        {
            var answer = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal("/signin", answer.Headers.Location!.OriginalString);
        }
    }

    [Theory]
    [DatabaseProviders("//evil.example/x")]
    [DatabaseProviders("/%09/evil.example")]
    [DatabaseProviders("/%5Cevil.example")]
    public async Task A_return_address_on_another_site_is_ignored_after_sign_in(string provider, string escaped)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "han", "11", Roles.Screener);
        using var browser = new StaffBrowser(platform);
        var page = await browser.GetPageAsync("/signin?returnUrl=" + escaped);
        // What the browser posts back is the decoded address (a tab, for %09), as the form field carries it.
        await browser.PostAsync(
            "/signin",
            StaffBrowser.AntiforgeryToken(page),
            [
                KeyValuePair.Create("login", "han"),
                KeyValuePair.Create("password", password),
                KeyValuePair.Create("returnUrl", Uri.UnescapeDataString(escaped)),
            ]
        );
        var enrol = await browser.GetPageAsync("/signin/enrol");
        browser.TotpSecret = Totp.FromBase32(StaffBrowser.SecretOnPage(enrol));
        var done = await browser.PostAsync(
            "/signin/enrol",
            StaffBrowser.AntiforgeryToken(enrol),
            [KeyValuePair.Create("code", browser.NextCode())]
        );
        Assert.Equal("/", done.Headers.Location!.OriginalString);
    }
}
