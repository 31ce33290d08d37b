using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Jebo.Casework;

/// <summary>The staff API's OpenAPI document (<c>/api/v1/openapi.json</c>) as an integrator reads it: only the
/// <c>/api/v1</c> endpoints (not the staff pages or their style sheet), the bearer scheme of personal tokens, and on
/// every operation that requires authorization that scheme and its 401. What else an endpoint answers (403, 404, ...)
/// is declared beside it in its feature's <c>*Api.cs</c>; <c>scripts/lint-openapi</c> checks the document against
/// Redocly's recommended rules.</summary>
public static class CaseworkApiDocument
{
    public const string Path = "/api/v1/openapi.json";

    /// <summary>The name of the security scheme in the document.</summary>
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddCaseworkApiDocument(this IServiceCollection services) => services.AddOpenApi("v1", options =>
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Jebo casework API";
            document.Info.Description = "Cases, their actions and audit trail, queues, statistics and offices, within the caller's "
                + "jurisdiction. Every call carries a personal token (`jebo users token`); problems are RFC 9457 problem "
                + "details in the language of Accept-Language.";
            // The address the document was fetched from, without the trailing slash that would double in every path.
            foreach (var server in document.Servers ?? [])
            {
                server.Url = server.Url?.TrimEnd('/');
            }

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal API token (`jebo_...`) of a staff account whose pledge is recorded.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [];
                return;
            }

            // The API's authorization policy (StaffPolicies.Api) asks for a valid token and nothing else, so 401 is
            // the one answer every authorised operation shares; a role's 403 is the endpoint's own.
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            // One ProblemDetails schema for every problem: added here unless an endpoint's own problem added it first.
            context.Document?.AddComponent(nameof(ProblemDetails), await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken));
            operation.Responses ??= [];
            operation.Responses[StatusCodes.Status401Unauthorized.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = "No valid personal token: missing, unknown, revoked, expired or of an account that may not use one.",
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document) },
                },
            };
        });
    });
}
