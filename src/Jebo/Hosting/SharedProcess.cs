using Jebo.Storage.Background;

namespace Jebo.Hosting;

/// <summary>Both zones in one process (<c>jebo up</c>): intake counts the requests it is answering, and casework's
/// background work gives way to them (<see cref="ProcessorShare"/>), so that importing and screening a bundle does not
/// hold back the public's submissions and look-ups.</summary>
public sealed class SharedProcess
{
    private readonly RequestActivity intakeRequests = new();

    /// <summary>Counts every request intake answers, from the first middleware on.</summary>
    public void CountRequests(IServiceCollection intake) =>
        intake.AddSingleton<IStartupFilter>(new CountingFilter(intakeRequests));

    /// <summary>Casework's share of the processors: threads of lower priority, half the cores, waiting for intake's
    /// requests between batches. Made by the container, which ends its threads with the zone.</summary>
    public void ShareProcessors(IServiceCollection casework) =>
        casework.AddSingleton(_ => ProcessorShare.Beside(intakeRequests));

    private sealed class CountingFilter(RequestActivity activity) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
            app =>
            {
                app.Use(
                    async (context, nextMiddleware) =>
                    {
                        using var answering = activity.Begin();
                        await nextMiddleware(context);
                    }
                );
                next(app);
            };
    }
}
