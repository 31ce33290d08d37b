using System.Net;
using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Jebo.Testing;

namespace Jebo.Casework.Tests.Pages.SignIn;

/// <summary>A stranger on the staff network: locking someone out for good, spraying one password over every account,
/// flooding the sign-in page; and cookies behind the TLS proxy.</summary>
public sealed class SignInLimitsTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_stranger_s_failures_decay_so_an_account_is_never_locked_for_good(string provider)
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var password = await PageTesting.AddUserAsync(platform, "park", "26", Roles.Investigator);
        using var stranger = new StaffBrowser(platform) { Clock = clock };
        for (var i = 0; i < SignInThrottle.LockoutFailures; i++)
        {
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await stranger.SubmitAsync("/signin", ("login", "park"), ("password", "guess-" + i))).StatusCode
            );
            clock.Advance(TimeSpan.FromMinutes(3));
        }

        // The stranger comes back after the lockout, fails again: locked again, but the count has decayed meanwhile.
        clock.Advance(SignInThrottle.LockoutDuration + SignInThrottle.ForgivenessPeriod * 2);
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await stranger.SubmitAsync("/signin", ("login", "park"), ("password", "guess-again"))).StatusCode
        );
        await using (var db = platform.OpenCaseworkDb())
        {
            Assert.True(db.Users.Single(u => u.Login == "park").FailedSignIns < SignInThrottle.LockoutFailures);
        }

        // Left alone, every failure is forgiven: the owner signs in without any hold left over.
        clock.Advance(SignInThrottle.ForgivenessPeriod * (SignInThrottle.LockoutFailures + 1));
        using var owner = new StaffBrowser(platform) { Clock = clock };
        Assert.Equal("/", await owner.SignInAsync("park", password));
        Assert.Equal(
            0,
            SignInThrottle.Remembered(7, clock.GetUtcNow(), clock.GetUtcNow() + SignInThrottle.ForgivenessPeriod * 7)
        );
        Assert.Equal(
            7,
            SignInThrottle.Remembered(7, clock.GetUtcNow(), clock.GetUtcNow() + SignInThrottle.ForgivenessPeriod / 2)
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_stranger_failing_cannot_lock_the_owner_out_of_their_own_browser_but_a_thief_of_it_is_held(
        string provider
    )
    {
        var clock = new ManualClock();
        await using var platform = await TestPlatform.StartAsync(
            new TestPlatformOptions { Provider = provider, Clock = clock }
        );
        var password = await PageTesting.AddUserAsync(platform, "park", "26", Roles.Investigator);
        using var yesterday = new StaffBrowser(platform) { Clock = clock };
        await yesterday.SignInAsync("park", password);
        var cookie = yesterday.Cookies.GetAllCookies().Single(c => c.Name == KnownBrowser.CookieName);

        // The owner's machine today: the known-browser cookie, no session.
        StaffBrowser OwnersMachine()
        {
            var browser = new StaffBrowser(platform) { Clock = clock, TotpSecret = yesterday.TotpSecret };
            browser.Cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));
            return browser;
        }

        using var stranger = new StaffBrowser(platform) { Clock = clock };
        for (var i = 0; i < SignInThrottle.LockoutFailures; i++)
        {
            await stranger.SubmitAsync("/signin", ("login", "park"), ("password", "guess-" + i));
            clock.Advance(TimeSpan.FromMinutes(3));
        }

        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await stranger.SubmitAsync("/signin", ("login", "park"), ("password", password))).StatusCode
        );
        using (var owner = OwnersMachine())
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal("/", await owner.SignInAsync("park", password));
        }

        // Someone at the owner's machine who guesses is held by the known browsers' own count.
        using var thief = OwnersMachine();
        for (var i = 0; i < SignInThrottle.LockoutFailures; i++)
        {
            await thief.SubmitAsync("/signin", ("login", "park"), ("password", "thief-" + i));
            clock.Advance(TimeSpan.FromMinutes(3));
        }

        // Held by the account's known-browser lock (400), or here, where every test browser is one client, already by
        // the per-client failure limit (429): either way the right password is not let through.
        Assert.NotEqual(
            HttpStatusCode.Redirect,
            (await thief.SubmitAsync("/signin", ("login", "park"), ("password", password))).StatusCode
        );
        await using var db = platform.OpenCaseworkDb();
        Assert.True(db.Users.Single(u => u.Login == "park").KnownBrowserLockedUntil > clock.GetUtcNow());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Spraying_one_password_over_many_accounts_from_one_client_is_stopped_even_for_a_right_guess(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "target", "26", Roles.Investigator);
        using var sprayer = new StaffBrowser(platform);
        for (var i = 0; i < SignInLimits.FailureBurst; i++)
        {
            Assert.Equal(
                HttpStatusCode.BadRequest,
                (await sprayer.SubmitAsync("/signin", ("login", "staff" + i), ("password", "Summer2026!!"))).StatusCode
            );
        }

        var held = await sprayer.SubmitAsync("/signin", ("login", "target"), ("password", password));
        Assert.Equal(HttpStatusCode.TooManyRequests, held.StatusCode);
        Assert.True(held.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("id=\"too-many\"", await held.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Flooding_the_sign_in_page_is_answered_429_by_the_rate_limiter_and_off_turns_it_off(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        using var client = platform.NewCaseworkClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= SignInLimits.PostBurst + 5; i++)
        {
            // No antiforgery token: refused before any password work, but still counted.
            using var answer = await client.PostAsync(
                "/signin",
                new FormUrlEncodedContent([KeyValuePair.Create("login", "x"), KeyValuePair.Create("password", "y")])
            );
            statuses.Add(answer.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/signin")).StatusCode);

        await using var open = await TestPlatform.StartAsync(provider, "--rate-limits", "off");
        using var other = open.NewCaseworkClient();
        for (var i = 0; i <= SignInLimits.PostBurst + 5; i++)
        {
            using var answer = await other.PostAsync(
                "/signin",
                new FormUrlEncodedContent([KeyValuePair.Create("login", "x")])
            );
            Assert.NotEqual(HttpStatusCode.TooManyRequests, answer.StatusCode);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Behind_the_tls_proxy_every_cookie_is_secure_and_on_plain_loopback_http_sign_in_still_works(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartServedAsync(provider);
        var password = await PageTesting.AddUserAsync(platform, "kim", "26", Roles.Screener);
        using (var plain = new StaffBrowser(platform))
        {
            Assert.Equal("/", await plain.SignInAsync("kim", password));
            Assert.DoesNotContain(plain.Cookies.GetAllCookies(), c => c.Secure);
        }

        // The proxy on this machine (loopback) says the browser spoke https.
        using var proxied = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = platform.CaseworkAddress,
        };
        proxied.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var cookies = new Dictionary<string, string>();
        var setCookies = new List<string>();
        async Task<HttpResponseMessage> SendAsync(
            HttpMethod method,
            string path,
            IEnumerable<KeyValuePair<string, string>>? form = null
        )
        {
            using var request = new HttpRequestMessage(method, path)
            {
                Content = form is null ? null : new FormUrlEncodedContent(form),
            };
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await proxied.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                setCookies.Add(header);
                var pair = header.Split(';')[0].Split('=', 2);
                cookies[pair[0]] = pair[1];
            }

            return response;
        }

        var page = await (await SendAsync(HttpMethod.Get, "/signin")).Content.ReadAsStringAsync();
        var step = await SendAsync(
            HttpMethod.Post,
            "/signin",
            [
                KeyValuePair.Create("login", "kim"),
                KeyValuePair.Create("password", password),
                KeyValuePair.Create("__RequestVerificationToken", StaffBrowser.AntiforgeryToken(page)),
            ]
        );
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        Assert.Contains(setCookies, c => c.StartsWith("jebo-antiforgery=", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith("jebo-signin=", StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
