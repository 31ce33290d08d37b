using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Tests.Reports;

/// <summary>Bad input gets a 400 or 413 problem naming the field, never a 500, and nothing is stored.</summary>
public sealed class ReportApiInputTests(SharedPlatforms platforms) : IClassFixture<SharedPlatforms>
{
    private TestPlatform platform = null!;

    private async Task UseAsync(string provider) => platform = await platforms.GetAsync(provider);

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(byte[] body, string language = "en")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var response = await platform.Intake.PostAsync($"/api/v1/reports?lang={language}", content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json, string language = "en") =>
        PostRawAsync(Encoding.UTF8.GetBytes(json), language);

    private async Task<int> StoredAsync()
    {
        await using var db = platform.OpenIntakeDb();
        return await db.Reports.CountAsync();
    }

    [Theory]
    [DatabaseProviders("{", "")]
    [DatabaseProviders("[]", "")]
    [DatabaseProviders("{\"facts\": {\"description\": 42}}", "facts.description")]
    [DatabaseProviders("{\"facts\": \"x\"}", "facts")]
    [DatabaseProviders(
        "{\"reporter\": {\"anonymous\": \"yes\"}, \"facts\": {\"description\": \"x\"}}",
        "reporter.anonymous"
    )]
    [DatabaseProviders("{\"subjects\": {}, \"facts\": {\"description\": \"x\"}}", "subjects")]
    [DatabaseProviders("{\"facts\": {\"description\": \"x\"}, \"colour\": \"red\"}", "colour")]
    public async Task Malformed_json_and_wrong_types_name_the_field(string provider, string json, string field)
    {
        await UseAsync(provider);
        var before = await StoredAsync();
        var (status, body) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {body}");
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [DatabaseProviders("{\"facts\": {}}", "facts.description")]
    [DatabaseProviders("{\"facts\": {\"description\": \"   \"}}", "facts.description")]
    [DatabaseProviders("{\"category\": \"knitting\", \"facts\": {\"description\": \"x\"}}", "category")]
    [DatabaseProviders("{\"region\": \"99999\", \"facts\": {\"description\": \"x\"}}", "region")]
    [DatabaseProviders("{\"language\": \"fr\", \"facts\": {\"description\": \"x\"}}", "language")]
    [DatabaseProviders("{\"reporter\": {\"anonymous\": false}, \"facts\": {\"description\": \"x\"}}", "reporter.name")]
    [DatabaseProviders(
        "{\"reporter\": {\"anonymous\": false, \"phone\": \"call me\"}, \"facts\": {\"description\": \"x\"}}",
        "reporter.phone"
    )]
    [DatabaseProviders(
        "{\"subjects\": [{\"name\": \"a\u0007b\"}], \"facts\": {\"description\": \"x\"}}",
        "subjects[0].name"
    )]
    public async Task Invalid_values_are_refused_with_the_field_named(string provider, string json, string field)
    {
        await UseAsync(provider);
        var before = await StoredAsync();
        var (status, body) = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {body}");
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [DatabaseProviders("ko", "reporter.name", "익명 제보를 골랐는데")]
    [DatabaseProviders("en", "reporter.phone", "You chose to report anonymously")]
    [DatabaseProviders("zh", "reporter.phone", "您选择了匿名举报")]
    public async Task An_anonymous_report_with_a_name_or_phone_is_refused_as_the_form_refuses_it(
        string provider,
        string language,
        string field,
        string message
    )
    {
        await UseAsync(provider);
        var before = await StoredAsync();
        var (status, body) = await PostAsync(
            """
            {"language": "ko", "region": "26380",
             "reporter": {"anonymous": true, "name": "홍길동", "phone": "010-1111-2222"},
             "facts": {"description": "익명인데 연락처를 적은 제보"}}
            """,
            language
        );
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {body}");
        Assert.StartsWith(message, messages[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Invalid_utf8_is_refused(string provider)
    {
        await UseAsync(provider);
        var before = await StoredAsync();
        var bytes = Encoding.UTF8.GetBytes("{\"facts\": {\"description\": \"abc\"}}");
        bytes[27] = 0xFF;
        var (status, _) = await PostRawAsync(bytes);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_oversized_body_answers_413(string provider)
    {
        await UseAsync(provider);
        var before = await StoredAsync();
        var (status, body) = await PostAsync($"{{\"facts\": {{\"description\": \"{new string('x', 300_000)}\"}}}}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(413, body.GetProperty("status").GetInt32());
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [DatabaseProviders("ko", "입력해 주세요")]
    [DatabaseProviders("en", "fill in")]
    [DatabaseProviders("zh", "请填写")]
    public async Task Field_errors_speak_the_request_language(string provider, string language, string expected)
    {
        await UseAsync(provider);
        var (_, body) = await PostAsync("{\"facts\": {}}", language);
        Assert.Contains(
            expected,
            body.GetProperty("errors").GetProperty("facts.description")[0].GetString(),
            StringComparison.Ordinal
        );
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_valid_report_answers_201_with_a_receipt_and_stores_only_sealed_bytes(string provider)
    {
        await UseAsync(provider);
        List<Guid> before;
        await using (var earlier = platform.OpenIntakeDb())
        {
            before = await earlier.Reports.Select(r => r.Id).ToListAsync();
        }

        var response = await platform.Intake.PostAsJsonAsync(
            "/api/v1/reports",
            new
            {
                language = "ko",
                category = "drugs",
                region = "11110",
                reporter = new
                {
                    anonymous = false,
                    name = "홍길동",
                    phone = "010-1234-5678",
                    contactConsent = true,
                },
                subjects = new[]
                {
                    new
                    {
                        name = "김OO",
                        alias = "",
                        organization = "",
                        description = "",
                    },
                },
                facts = new
                {
                    when = "2026-10",
                    where = "종로",
                    description = "sealedcheck 마약 거래",
                },
                officials = Array.Empty<object>(),
            }
        );
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = platform.OpenIntakeDb();
        var stored = Assert.Single(await db.Reports.Where(r => !before.Contains(r.Id)).ToListAsync());
        var text = Encoding.UTF8.GetString(stored.Sealed!);
        Assert.DoesNotContain("sealedcheck", text, StringComparison.Ordinal);
        Assert.DoesNotContain("010-1234-5678", text, StringComparison.Ordinal);
        Assert.Equal(0, stored.ReceivedAt.Minute);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Categories_and_regions_are_listed_in_the_request_language_with_unclear(string provider)
    {
        await UseAsync(provider);
        var categories = await platform.Intake.GetFromJsonAsync<JsonElement>("/api/v1/categories?lang=en");
        Assert.Contains(categories.EnumerateArray(), c =>
            c.GetProperty("code").GetString() == "drugs" && c.GetProperty("name").GetString() == "Drugs"
        );
        Assert.Contains(categories.EnumerateArray(), c => c.GetProperty("code").GetString() == "unclear");
        var regions = await platform.Intake.GetFromJsonAsync<JsonElement>("/api/v1/regions?lang=zh");
        Assert.Contains(regions.EnumerateArray(), r =>
            r.GetProperty("code").GetString() == "26380" && r.GetProperty("name").GetString() == "沙下区"
        );
        Assert.Contains(regions.EnumerateArray(), r => r.GetProperty("code").GetString() == "unclear");
    }
}
