using Jebo.Intake.Abuse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jebo.Intake.Api;

/// <summary><c>GET /api/v1/challenge</c>: a proof-of-work challenge for the next report or follow-up.</summary>
public static class ChallengeApi
{
    /// <param name="Challenge">The text to hash; the proof is <c>challenge:nonce</c>.</param>
    /// <param name="Difficulty">Leading zero bits SHA-256(challenge ‖ nonce) must have.</param>
    /// <param name="ExpiresAt">After this the proof is refused.</param>
    /// <param name="Algorithm">Always <c>sha256-leading-zero-bits</c>.</param>
    public sealed record ChallengeResponse(
        string Challenge,
        int Difficulty,
        DateTimeOffset ExpiresAt,
        string Algorithm
    );

    public static RouteGroupBuilder MapChallengeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/challenge", (HttpContext context, ProofOfWork proofs) =>
            {
                var challenge = proofs.Issue();
                context.Response.Headers.CacheControl = "no-store";
                return Results.Ok(
                    new ChallengeResponse(
                        challenge.Text,
                        challenge.Difficulty,
                        challenge.ExpiresAt,
                        "sha256-leading-zero-bits"
                    )
                );
            })
            .WithName("GetChallenge")
            .WithSummary("Get a proof-of-work challenge for the next report or follow-up")
            .Produces<ChallengeResponse>()
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(AbusePolicies.Challenge);
        return api;
    }

    /// <summary>The page script that solves challenges (<c>/js/proof.js</c>), from the assembly, so it is the same
    /// file wherever intake runs.</summary>
    public static IEndpointRouteBuilder MapProofScript(this IEndpointRouteBuilder app)
    {
        var script = ProofScript();
        app.MapGet(ScriptPath, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=3600";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(script, "text/javascript; charset=utf-8");
            })
            .ExcludeFromDescription();
        return app;
    }

    public const string ScriptPath = "/js/proof.js";

    public static byte[] ProofScript()
    {
        using var stream = typeof(ChallengeApi).Assembly.GetManifestResourceStream("Jebo.Intake.Abuse.proof.js")
            ?? throw new InvalidOperationException("proof.js is not embedded in Jebo.Intake");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
