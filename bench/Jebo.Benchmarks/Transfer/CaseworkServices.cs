using Jebo.Casework;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Benchmarks.Transfer;

/// <summary>The casework zone's own registrations outside a web host, as <c>jebo transfer import</c> builds
/// them.</summary>
public static class CaseworkServices
{
    public static ServiceProvider Build(CaseworkOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCasework(options);
        return services.BuildServiceProvider();
    }
}
