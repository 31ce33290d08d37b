using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Casework.Tests;

/// <summary>The staff OpenAPI document describes exactly the routes under <c>/api/v1</c> (among them those of
/// CONTRACT.md), declares the bearer scheme and asks for it, with its 401, on every operation; the staff pages and
/// their style sheet are not listed as API.</summary>
public sealed class CaseworkApiDocumentTests
{
    [Fact]
    public async Task Every_api_route_is_documented_and_every_documented_operation_is_a_route()
    {
        await using var platform = await TestPlatform.StartAsync();
        var document = await platform.Casework.GetFromJsonAsync<JsonElement>(CaseworkApiDocument.Path);

        var routes = ApiDocuments.Routes(platform.CaseworkApp, CaseworkApiDocument.Path);
        Assert.Subset(
            routes,
            new SortedSet<string>(StringComparer.Ordinal)
            {
                "GET /api/v1/cases",
                "GET /api/v1/cases/{id}",
                "POST /api/v1/cases/{id}/actions",
                "GET /api/v1/audit",
                "GET /api/v1/stats",
                "GET /api/v1/queues/{queue}",
                "GET /api/v1/offices",
                "GET /api/v1/cases/{id}/attachments/{attachmentId}",
            }
        );
        Assert.Equal(
            routes,
            new SortedSet<string>(ApiDocuments.Operations(document).Select(o => o.Name), StringComparer.Ordinal)
        );
    }

    [Fact]
    public async Task Every_operation_asks_for_the_bearer_token_and_documents_its_401()
    {
        await using var platform = await TestPlatform.StartAsync();
        var document = await platform.Casework.GetFromJsonAsync<JsonElement>(CaseworkApiDocument.Path);

        ApiDocuments.AssertEachOperationIsDescribed(document);
        var scheme = document
            .GetProperty("components")
            .GetProperty("securitySchemes")
            .GetProperty(CaseworkApiDocument.BearerScheme);
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.All(ApiDocuments.Operations(document), o =>
        {
            Assert.True(
                o.Operation.GetProperty("security")[0].TryGetProperty(CaseworkApiDocument.BearerScheme, out _),
                o.Name
            );
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), o.Name);
        });

        // A program without a token is told so in the form the document promises.
        var answer = await platform.NewCaseworkClient().GetAsync("/api/v1/cases");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
    }
}
