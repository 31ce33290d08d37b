using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Jebo.Intake.Abuse;

/// <summary>The <c>clients</c> line of intake's readiness: a warning, never a failure, while nearly all of the last
/// hour's limited requests come from one client address (<see cref="ClientSpread"/>).</summary>
/// <remarks>Security: a warning (<see cref="HealthStatus.Degraded"/>) leaves the node ready, so a flooder cannot take
/// a node out of service by dominating its traffic; the public <c>/readyz</c> names failing checks only, so the
/// warning is read on the management address alone, and it names no address.</remarks>
public sealed class ClientSpreadCheck(ClientSpread spread) : IHealthCheck
{
    public const string Name = "clients";

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    ) =>
        Task.FromResult(
            spread.LooksLikeOneClient
                ? HealthCheckResult.Degraded(
                    "one client address sent nearly all of the last hour's requests: a proxy that passes no client "
                        + "address or is not named with --trusted-proxy, or one client flooding"
                )
                : HealthCheckResult.Healthy("requests come from many client addresses, or too few to tell")
        );
}
