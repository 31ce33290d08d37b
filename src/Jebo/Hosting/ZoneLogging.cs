namespace Jebo.Hosting;

/// <summary>Log settings for a zone: plain console lines, no request details.</summary>
/// <remarks>Privacy: ASP.NET Core's request logging is held at warning level, and no middleware that records a
/// client's address or user agent is ever added; log lines name bundles and counts, never report content.</remarks>
public static class ZoneLogging
{
    public static void Configure(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
            o.UseUtcTimestamp = true;
            o.IncludeScopes = false;
        });
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
    }
}
