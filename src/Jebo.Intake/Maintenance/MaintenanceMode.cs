using System.Globalization;
using Jebo.Intake.Data;
using Jebo.Intake.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jebo.Intake.Maintenance;

/// <summary>Whether intake takes new reports and follow-ups: the one place the maintenance switch is read, set and
/// turned into a refusal. The switch lives in intake's database (<see cref="MaintenanceSwitch"/>), so
/// <c>jebo maintenance on|off</c> reaches every node of a deployment, running or stopped; each node reads it at most
/// once per <see cref="IntakeOptions.MaintenanceCheckInterval"/>, so a busy intake costs the database nothing
/// more.</summary>
/// <remarks>While on, reports and follow-ups are refused with 503 and <c>Retry-After</c>: a follow-up is new sealed
/// content on the same write path as a report (group commit, sealing, the outbox), so whatever the maintenance protects
/// (a backup, a restore, a key rotation, a database move) it must not slip past either. Status look-ups only read and
/// keep working, so reporters still see what offices told them.</remarks>
public sealed class MaintenanceMode(
    IServiceScopeFactory scopes,
    IntakeOptions options,
    TimeProvider time,
    ILogger<MaintenanceMode> logger
)
{
    /// <summary>What <c>Retry-After</c> suggests while maintenance is on.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(10);

    private sealed record Reading(DateTimeOffset At, MaintenanceSwitch? State);

    private volatile Reading? last;

    /// <summary>The switch while maintenance is on; null while intake takes reports.</summary>
    public async Task<MaintenanceSwitch?> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = last;
        if (seen is not null && now - seen.At < options.MaintenanceCheckInterval)
        {
            return seen.State;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDb>();
        var state = await db
            .Maintenance.AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == MaintenanceSwitch.SingleId, cancellationToken);
        if ((seen is null && state is not null) || (seen is not null && (seen.State is null) != (state is null)))
        {
            // The switch itself, never who asked what: no personal data in this line.
            logger.LogWarning(
                "maintenance {State}",
                state is null
                    ? "off: new reports and follow-ups are taken again"
                    : "on: new reports and follow-ups are refused with 503"
            );
        }

        last = new Reading(now, state);
        return state;
    }

    /// <summary>Turns maintenance on (or changes its message) in the database every node reads.</summary>
    public static async Task TurnOnAsync(
        IntakeDb db,
        string? message,
        DateTimeOffset now,
        CancellationToken cancellationToken
    )
    {
        var text = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (text is { Length: > MaintenanceSwitch.MaxMessageLength })
        {
            throw new ArgumentException(
                $"the message is longer than {MaintenanceSwitch.MaxMessageLength} characters",
                nameof(message)
            );
        }

        var row = await db.Maintenance.SingleOrDefaultAsync(m => m.Id == MaintenanceSwitch.SingleId, cancellationToken);
        if (row is null)
        {
            db.Maintenance.Add(new MaintenanceSwitch { Message = text, Since = now });
        }
        else
        {
            row.Message = text;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Turns maintenance off; false when it was not on.</summary>
    public static async Task<bool> TurnOffAsync(IntakeDb db, CancellationToken cancellationToken) =>
        await db.Maintenance.Where(m => m.Id == MaintenanceSwitch.SingleId).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>For the API's report and follow-up routes: 503 problem details while maintenance is on.</summary>
    public static async ValueTask<object?> RefuseWhileOnAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var http = context.HttpContext;
        var state = await http.RequestServices.GetRequiredService<MaintenanceMode>().CurrentAsync(http.RequestAborted);
        return state is null ? await next(context) : Refusal(http, state);
    }

    /// <summary>The API's answer while maintenance is on: 503 with <c>Retry-After</c>, a localised title and the
    /// operator's message as given.</summary>
    public static IResult Refusal(HttpContext context, MaintenanceSwitch state)
    {
        var language = RequestLanguage.Of(context);
        SetRetryAfter(context.Response);
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: Texts.Get("Problems.maintenance", language),
            detail: state.Message ?? Texts.Get("Maintenance.Body", language),
            type: "https://jebo.example/problems/maintenance"
        );
    }

    /// <summary>Sets 503 and <c>Retry-After</c> on a page that shows the maintenance notice.</summary>
    public static void SetRetryAfter(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = ((long)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
