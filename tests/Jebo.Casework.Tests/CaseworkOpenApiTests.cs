using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;

namespace Jebo.Casework.Tests;

/// <summary>The casework OpenAPI document describes the case, action, queue, statistics and office endpoints.</summary>
public sealed class CaseworkOpenApiTests
{
    [Theory]
    [DatabaseProviders]
    public async Task The_casework_OpenAPI_document_lists_the_casework_endpoints(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var document = await platform.Casework.GetFromJsonAsync<JsonElement>("/api/v1/openapi.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var path in new[] { "/api/v1/cases", "/api/v1/cases/{id}", "/api/v1/cases/{id}/actions", "/api/v1/audit", "/api/v1/stats", "/api/v1/queues/{queue}", "/api/v1/offices" })
        {
            Assert.Contains(path, paths);
        }
    }
}
