using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Testing;

/// <summary>A zone's API as it is routed and as its OpenAPI document describes it, both as "METHOD /path" lines, so a
/// test can say that the two are the same.</summary>
public static partial class ApiDocuments
{
    public const string Prefix = "/api/v1/";

    /// <summary>Every route the app answers under <c>/api/v1</c> (from its endpoint data source), but the document's
    /// own address; route constraints are dropped (<c>{id:guid}</c> is <c>{id}</c>), as the document writes
    /// them.</summary>
    public static SortedSet<string> Routes(WebApplication app, string documentPath)
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var path = "/" + Constraint().Replace(endpoint.RoutePattern.RawText ?? "", "{$1}").TrimStart('/');
            if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || path == documentPath)
            {
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
            {
                routes.Add($"{method} {path}");
            }
        }

        return routes;
    }

    /// <summary>Every operation of an OpenAPI document, with its JSON.</summary>
    public static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        select ($"{operation.Name.ToUpperInvariant()} {path.Name}", operation.Value);

    /// <summary>Asserts what Redocly's recommended rules ask of every operation and what the zones promise besides: an
    /// <c>operationId</c>, a summary, a declared <c>security</c>, and problems (4xx, 5xx) as
    /// <c>application/problem+json</c>.</summary>
    public static void AssertEachOperationIsDescribed(JsonElement document)
    {
        foreach (var (name, operation) in Operations(document))
        {
            Assert.True(
                operation.TryGetProperty("operationId", out var id) && id.GetString() is { Length: > 0 },
                $"{name} has no operationId"
            );
            Assert.True(
                operation.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 },
                $"{name} has no summary"
            );
            Assert.True(operation.TryGetProperty("security", out _), $"{name} declares no security");
            foreach (
                var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5')
            )
            {
                var types = response.Value.TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).ToList()
                    : [];
                Assert.True(
                    types is ["application/problem+json"],
                    $"{name} answers {response.Name} as {string.Join(", ", types)}"
                );
            }
        }
    }

    [GeneratedRegex(@"\{([^}:=?]+)[^}]*\}")]
    private static partial Regex Constraint();
}
