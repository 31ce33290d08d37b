using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Storage.Web;

/// <summary>What both zones' OpenAPI documents (<c>/api/v1/openapi.json</c>) share: only the <c>/api/v1</c>
/// endpoints (not the pages, their scripts and style sheets, or the health checks), the zone's title and description,
/// and the server address as fetched. Each zone adds how its operations authenticate (<c>IntakeApiDocument</c>,
/// <c>CaseworkApiDocument</c>); <c>scripts/lint-openapi</c> checks both against Redocly's recommended rules.</summary>
public static class ApiDocument
{
    public const string Path = "/api/v1/openapi.json";

    public static IServiceCollection AddApiDocument(
        this IServiceCollection services,
        string title,
        string description,
        Action<OpenApiOptions> zone
    ) => services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = api => api.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer(
                (document, _, _) =>
                {
                    document.Info.Title = title;
                    document.Info.Description = description;
                    // The address the document was fetched from, without the trailing slash that would double in every
                    // path.
                    foreach (var server in document.Servers ?? [])
                    {
                        server.Url = server.Url?.TrimEnd('/');
                    }

                    return Task.CompletedTask;
                }
            );
            zone(options);
        });
}
