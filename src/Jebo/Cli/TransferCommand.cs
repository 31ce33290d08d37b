using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Casework.Cases;
using Jebo.Casework.Keys;
using Jebo.Casework.Sealing;
using Jebo.Casework.Transfer;
using Jebo.Intake.Data;
using Jebo.Intake.Keys;
using Jebo.Intake.Transfer;
using Jebo.Reference.Regions;
using Jebo.Storage;
using Jebo.Transfer.Bundles;
using Jebo.Transfer.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using NSec.Cryptography;

namespace Jebo.Cli;

/// <summary><c>jebo transfer export|import|status|verify</c>: carrying bundles by hand across the gap.</summary>
public static class TransferCommand
{
    public static async Task<int> RunAsync(Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException("usage: jebo transfer export|import|status|verify");
        var settings = JeboSettings.From(arguments, null);
        return action switch
        {
            "export" => await ExportAsync(settings, arguments, output, cancellationToken),
            "import" => await ImportAsync(settings, arguments, output, cancellationToken),
            "status" => await StatusAsync(settings, arguments, output, cancellationToken),
            "verify" => await VerifyAsync(settings, arguments, output),
            _ => throw new UsageException($"unknown transfer action '{action}'"),
        };
    }

    /// <summary>Bundles what is waiting, then copies every bundle casework has not acknowledged to the medium.</summary>
    private static async Task<int> ExportAsync(JeboSettings settings, Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("to");
        var target = arguments.Require("to");
        Directory.CreateDirectory(target);
        using var keys = IntakeKeys.Load(settings.Intake.KeysFolder);
        await using var db = OpenIntake(settings);
        var outbox = new IntakeOutbox(db, keys, settings.Intake, TimeProvider.System);
        await outbox.FlushAsync(cancellationToken);
        var count = 0;
        foreach (var sequence in await outbox.UnacknowledgedAsync(cancellationToken))
        {
            var name = BundleFormat.FileName(BundleKind.Reports, sequence);
            AtomicFile.Write(Path.Combine(target, name), await outbox.BuildAsync(sequence, cancellationToken));
            await output.WriteLineAsync($"exported {name}");
            count++;
        }

        await output.WriteLineAsync($"{count} bundle(s) written to {target}");
        return 0;
    }

    private static async Task<int> ImportAsync(JeboSettings settings, Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly("from");
        var source = arguments.Require("from");
        if (!Directory.Exists(source))
        {
            throw new CommandFailedException($"no folder {source}");
        }

        await using var scope = OpenCasework(settings);
        var results = await scope.Importer.ImportFolderAsync(source, removeHandled: false, cancellationToken);
        foreach (var result in results)
        {
            await output.WriteLineAsync($"{result.File}: {result.Outcome.ToString().ToLowerInvariant()}: {result.Message}");
        }

        if (results.Count == 0)
        {
            throw new CommandFailedException($"no report bundles (reports-*.jebo) in {source}");
        }

        if (results.FirstOrDefault(r => r.Outcome is ImportOutcome.Rejected) is { } rejected)
        {
            throw new CommandFailedException($"refused {rejected.File}: {rejected.Message}");
        }

        if (results.FirstOrDefault(r => r.Outcome is ImportOutcome.Gap) is { } gap)
        {
            throw new CommandFailedException($"held {gap.File}: {gap.Message}");
        }

        return 0;
    }

    private static async Task<int> StatusAsync(JeboSettings settings, Arguments arguments, TextWriter output, CancellationToken cancellationToken)
    {
        arguments.AllowOnly();
        var any = false;
        if (File.Exists(Path.Combine(settings.Intake.KeysFolder, IntakeKeys.SigningKeyFile)))
        {
            any = true;
            await using var db = OpenIntake(settings);
            var sent = await db.OutboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
            var acknowledged = await db.OutboundBundles.Where(b => b.AcknowledgedAt != null).MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
            var waiting = await db.Reports.CountAsync(r => r.BundleSequence == null && r.Sealed != null, cancellationToken);
            var applied = await db.InboundStatusBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
            await output.WriteLineAsync($"intake:   report bundles sent through {sent}, acknowledged through {acknowledged}; {waiting} report(s) waiting; status bundles applied through {applied}");
        }

        if (File.Exists(Path.Combine(settings.Casework.KeysFolder, CaseworkKeys.SealingKeyFile)))
        {
            any = true;
            await using var db = CaseworkZone.OpenDatabase(settings.Casework);
            var received = await db.InboundBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
            var statusSent = await db.OutboundStatusBundles.MaxAsync(b => (long?)b.Sequence, cancellationToken) ?? 0;
            var quarantined = await db.QuarantinedBundles.CountAsync(b => b.ResolvedAt == null, cancellationToken);
            var held = Directory.Exists(settings.Casework.InboundSpool)
                ? Directory.EnumerateFiles(settings.Casework.InboundSpool, "reports-*" + BundleFormat.FileExtension)
                    .Select(f => BundleFormat.ReadHeaderUnverifiedOrNull(f)).Where(h => h is not null && h.Sequence > received + 1)
                    .Select(h => h!.Sequence).Order().ToList()
                : [];
            var gap = held.Count > 0 ? $"; GAP: bundle {received + 1} missing, {held.Count} later bundle(s) held" : "; no gap";
            await output.WriteLineAsync($"casework: report bundles imported through {received}{gap}; status bundles sent through {statusSent}; {quarantined} quarantined bundle(s) unresolved");
        }

        if (!any)
        {
            throw new CommandFailedException($"no zone is initialised in {settings.DataFolder}");
        }

        return 0;
    }

    /// <summary>Checks one bundle with the keys this data folder trusts; changes nothing.</summary>
    private static async Task<int> VerifyAsync(JeboSettings settings, Arguments arguments, TextWriter output)
    {
        arguments.AllowOnly();
        var file = arguments.Words.Count > 2 ? arguments.Words[2] : throw new UsageException("usage: jebo transfer verify FILE");
        if (!File.Exists(file))
        {
            throw new CommandFailedException($"no file {file}");
        }

        var bytes = await File.ReadAllBytesAsync(file);
        try
        {
            var header = BundleFormat.ReadHeaderUnverified(bytes);
            if (header.Kind == BundleKind.Reports && File.Exists(Path.Combine(settings.Casework.KeysFolder, CaseworkKeys.SealingKeyFile)))
            {
                await using var scope = OpenCasework(settings);
                var opened = scope.Importer.Verify(bytes);
                await output.WriteLineAsync($"valid: {BundleFormat.Describe(header)}; signature holds, all {opened.Bundle.Records.Count} records open");
                return 0;
            }

            var trusted = TrustedKey(settings, header.Kind);
            BundleFormat.Read(bytes, (sender, keyId) => trusted is not null && keyId == KeyId.Of(trusted.Export(KeyBlobFormat.RawPublicKey)) ? trusted : null);
            await output.WriteLineAsync($"valid: {BundleFormat.Describe(header)}; signature holds");
            return 0;
        }
        catch (BundleRejectedException e)
        {
            throw new CommandFailedException($"invalid: {e.Message}");
        }
    }

    private static PublicKey? TrustedKey(JeboSettings settings, BundleKind kind)
    {
        var path = kind == BundleKind.Reports
            ? Path.Combine(settings.Intake.KeysFolder, IntakeKeys.SigningPublicFile)
            : Path.Combine(settings.Intake.KeysFolder, IntakeKeys.CaseworkSigningPublicFile);
        if (!File.Exists(path))
        {
            path = Path.Combine(settings.Casework.KeysFolder, kind == BundleKind.Reports ? CaseworkKeys.IntakeSigningPublicFile : CaseworkKeys.SigningPublicFile);
        }

        return File.Exists(path) ? PublicKey.Import(SignatureAlgorithm.Ed25519, KeyFile.Read(path), KeyBlobFormat.RawPublicKey) : null;
    }

    private static IntakeDb OpenIntake(JeboSettings settings)
    {
        var builder = new DbContextOptionsBuilder<IntakeDb>();
        builder.Use(settings.Intake.Database);
        return new IntakeDb(builder.Options);
    }

    private static CaseworkScope OpenCasework(JeboSettings settings) => new(settings.Casework);

    /// <summary>The casework services an import needs, outside a web host.</summary>
    private sealed class CaseworkScope : IAsyncDisposable
    {
        private readonly Casework.Data.CaseworkDb db;
        private readonly CaseworkKeys keys;

        public CaseworkScope(CaseworkOptions options)
        {
            keys = CaseworkKeys.Load(options.KeysFolder);
            db = CaseworkZone.OpenDatabase(options);
            Importer = new ReportImporter(db, keys, new SealedBoxOpener(keys), new AuditLog(db, TimeProvider.System),
                new CaseRouting(RegionDataset.Load()), options, TimeProvider.System, NullLogger<ReportImporter>.Instance);
        }

        public ReportImporter Importer { get; }

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            keys.Dispose();
        }
    }
}
