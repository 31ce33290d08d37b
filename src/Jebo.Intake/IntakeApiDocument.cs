using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake;

/// <summary>The public API's OpenAPI document (<c>/api/v1/openapi.json</c>) as an integrator reads it: only the
/// <c>/api/v1</c> endpoints (not the pages, scripts or health check), each open to anyone. What an endpoint answers is
/// declared beside it (<c>Reports/ReportsApi</c>, <c>Status/StatusApi</c>, <c>Abuse/ChallengeApi</c>);
/// <c>scripts/lint-openapi</c> checks the document against Redocly's recommended rules.</summary>
public static class IntakeApiDocument
{
    public const string Path = "/api/v1/openapi.json";

    public static IServiceCollection AddIntakeApiDocument(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Jebo intake API";
            document.Info.Description = "Report a crime clue, look up its status by receipt and send follow-ups. Errors are "
                + "RFC 9457 problem details in the request's language (?lang=, then Accept-Language).";
            // The address the document was fetched from, without the trailing slash that would double in every path.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            return Task.CompletedTask;
        });
        // The public API takes no credential: said explicitly on each operation, so no client looks for one.
        options.AddOperationTransformer((operation, _, _) =>
        {
            operation.Security = [];
            return Task.CompletedTask;
        });
    });
}
