using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Intake.Tests;

/// <summary>The public OpenAPI document describes exactly the routes under <c>/api/v1</c>, each open to anyone and
/// fully described; nothing else (pages, scripts, the health check) is listed as API.</summary>
public sealed class IntakeApiDocumentTests
{
    [Fact]
    public async Task Every_api_route_is_documented_and_every_documented_operation_is_a_route()
    {
        await using var platform = await TestPlatform.StartAsync();
        var document = await platform.Intake.GetFromJsonAsync<JsonElement>(IntakeApiDocument.Path);

        var routes = ApiDocuments.Routes(platform.IntakeApp, IntakeApiDocument.Path);
        Assert.Contains("POST /api/v1/reports", routes);
        Assert.Equal(
            routes,
            new SortedSet<string>(ApiDocuments.Operations(document).Select(o => o.Name), StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task Every_operation_has_a_summary_an_id_no_credential_and_problem_details()
    {
        await using var platform = await TestPlatform.StartAsync();
        var document = await platform.Intake.GetFromJsonAsync<JsonElement>(IntakeApiDocument.Path);

        ApiDocuments.AssertEachOperationIsDescribed(document);
        Assert.All(ApiDocuments.Operations(document), o =>
            Assert.Equal(0, o.Operation.GetProperty("security").GetArrayLength())
        );
        var submit = ApiDocuments
            .Operations(document)
            .Single(o => o.Name == "POST /api/v1/reports")
            .Operation.GetProperty("responses");
        Assert.Equal(
            ["201", "400", "409", "413", "429", "503"],
            submit.EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal)
        );
        Assert.DoesNotContain(document.GetProperty("servers").EnumerateArray(), s =>
            s.GetProperty("url").GetString()!.EndsWith('/')
        );
    }
}
