using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jebo.Casework.Tests.Feedback;

/// <summary>A message as the gateway received it: the JSON body and the Authorization header.</summary>
internal sealed record ReceivedSms(JsonElement Body, string? Authorization)
{
    public string Id => Body.GetProperty("id").GetString()!;
    public string To => Body.GetProperty("to").GetString()!;
    public string Text => Body.GetProperty("text").GetString()!;
}

/// <summary>A real SMS gateway for the tests: Kestrel on a free loopback port, answering each message as the test
/// scripted (taken by default), and keeping what it received.</summary>
internal sealed class LocalSmsGateway : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Queue<Func<HttpContext, Task>> script = new();
    private readonly List<ReceivedSms> received = [];
    private readonly Lock gate = new();

    private LocalSmsGateway(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.First() + "/sms");

    public IReadOnlyList<ReceivedSms> Received
    {
        get
        {
            lock (gate)
            {
                return [.. received];
            }
        }
    }

    public static async Task<LocalSmsGateway> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new LocalSmsGateway(app);
        app.MapPost("/sms", gateway.HandleAsync);
        await app.StartAsync();
        return gateway;
    }

    /// <summary>The next messages are answered so, in order; after them, each is taken.</summary>
    public void Then(params Func<HttpContext, Task>[] answers)
    {
        lock (gate)
        {
            foreach (var answer in answers)
            {
                script.Enqueue(answer);
            }
        }
    }

    public static Func<HttpContext, Task> Taken(string id) => context => context.Response.WriteAsJsonAsync(new { id });

    public static Func<HttpContext, Task> Status(int status) =>
        context =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("{\"error\":\"scripted\"}");
        };

    /// <summary>Never answers.</summary>
    public static Func<HttpContext, Task> Hang => context => WaitForeverAsync(context);

    /// <summary>Says 200 and then never sends the body.</summary>
    public static Func<HttpContext, Task> HeadersThenHang =>
        async context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await WaitForeverAsync(context);
        };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task WaitForeverAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // casework gave up waiting and hung up
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body);
        Func<HttpContext, Task>? answer;
        lock (gate)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var body = document.RootElement.Clone();
            received.Add(new ReceivedSms(body, authorization.Length > 0 ? authorization : null));
            script.TryDequeue(out answer);
        }

        var count = Received.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await (answer ?? Taken("gw-" + count))(context);
    }
}
