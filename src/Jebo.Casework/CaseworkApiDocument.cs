using System.Globalization;
using Jebo.Storage.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Jebo.Casework;

/// <summary>The staff API's OpenAPI document (<see cref="ApiDocument"/>): the bearer scheme of personal tokens, and
/// on every operation that requires authorization that scheme and its 401. What else an endpoint answers (403, 404,
/// ...) is declared beside it in <c>Api/</c>.</summary>
public static class CaseworkApiDocument
{
    public const string Path = ApiDocument.Path;

    /// <summary>The name of the security scheme in the document.</summary>
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddCaseworkApiDocument(this IServiceCollection services) =>
        services.AddApiDocument(
            "Jebo casework API",
            "Cases, their actions and audit trail, queues, statistics and offices, within the caller's jurisdiction. "
                + "Every call carries a personal token (`jebo users token`); problems are RFC 9457 problem details in "
                + "the language of Accept-Language.",
            options =>
            {
                options.AddDocumentTransformer(
                    (document, _, _) =>
                    {
                        document.Components ??= new OpenApiComponents();
                        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(
                            StringComparer.Ordinal
                        );
                        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                        {
                            Type = SecuritySchemeType.Http,
                            Scheme = "bearer",
                            Description =
                                "A personal API token (`jebo_...`) of a staff account whose pledge is recorded.",
                        };
                        return Task.CompletedTask;
                    }
                );
                options.AddOperationTransformer(RequireTokenAsync);
            }
        );

    private static async Task RequireTokenAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [];
            return;
        }

        // The API's authorization policy (StaffPolicies.Api) asks for a valid token and nothing else, so 401 is the
        // one answer every authorised operation shares; a role's 403 is the endpoint's own.
        operation.Security =
        [
            new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
            },
        ];
        // One ProblemDetails schema for every problem: added here unless an endpoint's own problem added it first.
        context.Document?.AddComponent(
            nameof(ProblemDetails),
            await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken)
        );
        operation.Responses ??= [];
        operation.Responses[StatusCodes.Status401Unauthorized.ToString(CultureInfo.InvariantCulture)] =
            new OpenApiResponse
            {
                Description =
                    "No valid personal token: missing, unknown, revoked, expired or of an account that may not use "
                    + "one.",
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    ["application/problem+json"] = new()
                    {
                        Schema = new OpenApiSchemaReference(nameof(ProblemDetails), context.Document),
                    },
                },
            };
    }
}
