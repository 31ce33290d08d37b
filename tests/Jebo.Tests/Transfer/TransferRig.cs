using Jebo.Casework.Transfer;
using Jebo.Intake.Transfer;
using Jebo.Testing;
using Jebo.Transfer.Bundles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Tests.Transfer;

/// <summary>
/// A platform whose transfer a test drives step by step, playing the carrier: the intake outbox writes bundles, the
/// test decides what reaches casework's inbound spool or a carried medium (damaged, reordered, dropped...), and the
/// zones' own receivers and the CLI do the rest.
/// </summary>
/// <remarks>Under <c>jebo up</c> both zones share one spool folder; the rig empties it after each write so that, as
/// between two machines, casework sees only what the test carries.</remarks>
public sealed class TransferRig : IAsyncDisposable
{
    private int submitted;

    private TransferRig(TestPlatform platform) => Platform = platform;

    public TestPlatform Platform { get; }

    public string CaseworkSpool => Platform.Settings.Casework.InboundSpool;

    public string IntakeSpool => Platform.Settings.Intake.InboundSpool;

    public static async Task<TransferRig> StartAsync(
        string provider = TestDatabases.Sqlite,
        params string[] arguments
    ) => new(await TestPlatform.StartAsync(provider, ["--rate-limits", "off", .. arguments]));

    /// <summary>A folder standing for a removable medium.</summary>
    public string Medium(string name)
    {
        var folder = Path.Combine(Platform.DataFolder, "media", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Submits reports through the public API; returns their receipts.</summary>
    public async Task<List<string>> SubmitAsync(int count)
    {
        var receipts = new List<string>();
        for (var i = 0; i < count; i++)
        {
            receipts.Add(
                await Platform.SubmitAsync(
                    $"보호비를 요구하는 조직이 있습니다 — 제보 {++submitted} {Guid.NewGuid():n}",
                    region: "26380"
                )
            );
        }

        return receipts;
    }

    /// <summary>Intake writes what is waiting into bundles; returns each new bundle's bytes, taken out of the
    /// spool.</summary>
    public async Task<List<byte[]>> WriteBundlesAsync()
    {
        await using var scope = Platform.IntakeApp.Services.CreateAsyncScope();
        var written = await scope.ServiceProvider.GetRequiredService<IntakeOutbox>().FlushAsync(CancellationToken.None);
        var bytes = new List<byte[]>();
        foreach (var sequence in written)
        {
            var path = Path.Combine(CaseworkSpool, BundleFormat.FileName(BundleKind.Reports, sequence));
            bytes.Add(await File.ReadAllBytesAsync(path));
            File.Delete(path);
        }

        return bytes;
    }

    /// <summary>Empties casework's inbound spool of report bundles, as if it lay on another machine.</summary>
    public void ClearCaseworkSpool()
    {
        foreach (var file in Directory.GetFiles(CaseworkSpool, "reports-*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>Delivers a file into casework's inbound spool, as a carrier would.</summary>
    public void Deliver(byte[] bundle, string? name = null)
    {
        var header = BundleFormat.ReadHeaderUnverified(bundle);
        File.WriteAllBytes(
            Path.Combine(CaseworkSpool, name ?? BundleFormat.FileName(header.Kind, header.Sequence)),
            bundle
        );
    }

    /// <summary>Casework's transfer round: import from its spool, then write status for intake.</summary>
    public async Task<IReadOnlyList<InboundResult>> CaseworkRoundAsync()
    {
        await using var scope = Platform.CaseworkApp.Services.CreateAsyncScope();
        var results = await scope
            .ServiceProvider.GetRequiredService<ReportImporter>()
            .ReceiveAsync(null, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<StatusOutbox>().FlushAsync(CancellationToken.None);
        return results;
    }

    /// <summary>Intake applies the status bundles in its inbound spool.</summary>
    public async Task<IReadOnlyList<InboundResult>> IntakeStatusRoundAsync()
    {
        await using var scope = Platform.IntakeApp.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatusInbox>().ReceiveAsync(null, CancellationToken.None);
    }

    public Task<(int Exit, string Output, string Error)> CliAsync(params string[] args) =>
        Platform.TryCliAsync(null, args);

    public async Task<int> CaseCountAsync()
    {
        await using var db = Platform.OpenCaseworkDb();
        return await db.Cases.CountAsync();
    }

    /// <summary>Every report id in casework, once per row (so a duplicate would show).</summary>
    public async Task<List<Guid>> CaseworkReportIdsAsync()
    {
        await using var db = Platform.OpenCaseworkDb();
        return await db.Reports.Select(r => r.Id).ToListAsync();
    }

    public async Task<List<Guid>> IntakeReportIdsAsync()
    {
        await using var db = Platform.OpenIntakeDb();
        return await db.Reports.Select(r => r.Id).ToListAsync();
    }

    /// <summary>How many sealed copies intake still keeps.</summary>
    public async Task<int> SealedKeptAsync()
    {
        await using var db = Platform.OpenIntakeDb();
        return await db.Reports.CountAsync(r => r.Sealed != null);
    }

    public async Task<int> UnresolvedQuarantineAsync()
    {
        await using var db = Platform.OpenCaseworkDb();
        return await db.QuarantinedBundles.CountAsync(q => q.ResolvedAt == null);
    }

    public async ValueTask DisposeAsync() => await Platform.DisposeAsync();
}
