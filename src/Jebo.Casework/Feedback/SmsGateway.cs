using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Jebo.Casework.Feedback;

/// <summary>What became of one attempt to hand a message to the gateway.</summary>
public abstract record SmsAttempt
{
    private SmsAttempt() { }

    /// <summary>The gateway took the message (2xx), with its own id for it when it answered one.</summary>
    public sealed record Taken(string? Reference) : SmsAttempt;

    /// <summary>Worth trying again later: a time-out, no connection, 408, 429 or 5xx.</summary>
    public sealed record Again(string Error) : SmsAttempt;

    /// <summary>The gateway will not take this message (any other answer): trying again would not help.</summary>
    public sealed record Refused(string Error) : SmsAttempt;
}

/// <summary>
/// The transport to the SMS gateway on the internal network: one HTTP POST of
/// <c>{"id": "…", "to": "+8210…", "text": "…"}</c> per message, with an optional bearer token (docs/operations.md,
/// "SMS"). An attempt never takes longer than <see cref="SmsOptions.Timeout"/>, answer included, and reads at most
/// <see cref="MaxAnswerBytes"/> of the answer, so a gateway that hangs or answers without end costs one attempt's time
/// and nothing more.
/// </summary>
/// <remarks>Security: the request carries the number and the fixed text and nothing else (no case, report or purpose).
/// It goes only to the configured address: redirects are not followed and no proxy from the environment is used, so
/// phone numbers cannot be led off the internal network by an answer or a stray <c>HTTP_PROXY</c>.</remarks>
public sealed class SmsGateway(SmsOptions options) : IDisposable
{
    /// <summary>The most of an answer that is read (for the gateway's id of the message); the rest is
    /// dropped.</summary>
    public const int MaxAnswerBytes = 4 * 1024;

    /// <summary>The longest gateway id kept.</summary>
    public const int MaxReferenceLength = 64;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http = new(
        new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
            MaxResponseDrainSize = 0,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }
    )
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        MaxResponseContentBufferSize = MaxAnswerBytes,
    };

    /// <summary>Hands one message to the gateway. Throws only when <paramref name="cancellationToken"/> is
    /// cancelled.</summary>
    public async Task<SmsAttempt> SendAsync(
        Guid id,
        string international,
        string text,
        string? token,
        CancellationToken cancellationToken
    )
    {
        var gateway = options.Gateway ?? throw new InvalidOperationException("no SMS gateway is configured");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, gateway)
            {
                // Serialised first, so the request carries a Content-Length (some gateways refuse chunked bodies).
                Content = new StringContent(
                    JsonSerializer.Serialize(new GatewayRequest(id, international, text), RequestJson),
                    Encoding.UTF8,
                    "application/json"
                ),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await http.SendAsync(
                request,
                HttpCompletionOption.ResponseHeadersRead,
                deadline.Token
            );
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new SmsAttempt.Taken(await ReferenceAsync(response.Content, deadline.Token));
            }

            return status is 408 or 429 or >= 500
                ? new SmsAttempt.Again($"http-{status}")
                : new SmsAttempt.Refused($"refused-http-{status}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SmsAttempt.Again("timeout");
        }
        catch (HttpRequestException)
        {
            return new SmsAttempt.Again("unreachable");
        }
    }

    public void Dispose() => http.Dispose();

    /// <summary>The <c>id</c> of a JSON answer within the first <see cref="MaxAnswerBytes"/>, when it is a short plain
    /// token; null otherwise. The message was taken already, so an answer cut short or slow to come loses only the
    /// id.</summary>
    private static async Task<string?> ReferenceAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        try
        {
            await using var body = await content.ReadAsStreamAsync(cancellationToken);
            int read;
            while (
                length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0
            )
            {
                length += read;
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            return
                document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("id", out var reference)
                && reference.ValueKind == JsonValueKind.String
                && reference.GetString() is { Length: > 0 and <= MaxReferenceLength } value
                && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
                ? value
                : null;
        }
        catch (Exception e)
            when (e is JsonException or IOException or HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The request body, the gateway contract of docs/operations.md.</summary>
    private sealed record GatewayRequest(Guid Id, string To, string Text);
}
