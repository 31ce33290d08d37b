namespace Jebo.Testing;

/// <summary>A class fixture holding one <see cref="TestPlatform"/> per database, started when a test first asks for
/// it: for test classes whose many cases only read, or count what they add, so they need not start a platform each.
/// Tests of one class run one after another, so "nothing was stored" can be checked by counting before and
/// after.</summary>
public sealed class SharedPlatforms : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, TestPlatform> platforms = new(StringComparer.Ordinal);

    public async Task<TestPlatform> GetAsync(string provider)
    {
        TestDatabases.Require(provider);
        await gate.WaitAsync();
        try
        {
            if (!platforms.TryGetValue(provider, out var platform))
            {
                platform = await TestPlatform.StartAsync(provider);
                platforms[provider] = platform;
            }

            return platform;
        }
        finally
        {
            gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var platform in platforms.Values)
        {
            await platform.DisposeAsync();
        }

        gate.Dispose();
    }
}
