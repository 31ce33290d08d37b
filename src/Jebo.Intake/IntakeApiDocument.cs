using Jebo.Storage.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake;

/// <summary>The public API's OpenAPI document (<see cref="ApiDocument"/>), each operation open to anyone. What an
/// endpoint answers is declared beside it (<c>Reports/ReportsApi</c>, <c>Status/StatusApi</c>,
/// <c>Abuse/ChallengeApi</c>).</summary>
public static class IntakeApiDocument
{
    public const string Path = ApiDocument.Path;

    public static IServiceCollection AddIntakeApiDocument(this IServiceCollection services) =>
        services.AddApiDocument(
            "Jebo intake API",
            "Report a crime clue, look up its status by receipt and send follow-ups. Errors are RFC 9457 problem "
                + "details in the request's language (?lang=, then Accept-Language).",
            options =>
                // The public API takes no credential: said explicitly on each operation, so no client looks for one.
                options.AddOperationTransformer(
                    (operation, _, _) =>
                    {
                        operation.Security = [];
                        return Task.CompletedTask;
                    }
                )
        );
}
