using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Jebo.Tests.Cli;

/// <summary><c>jebo transfer quarantine list|resolve</c> on an operator's folder, and the same bad file carried again
/// and again recorded once.</summary>
public sealed class QuarantineCommandTests
{
    private static string Damaged(OperatorFolder site, string medium, string name)
    {
        var file = Path.Combine(medium, name);
        var bytes = File.ReadAllBytes(file);
        bytes[^1] ^= 1; // the signature's last byte
        var copy = site.Path("bad-" + Path.GetFileName(medium));
        Directory.CreateDirectory(copy);
        File.WriteAllBytes(Path.Combine(copy, name), bytes);
        return copy;
    }

    private static long Count(OperatorFolder site, string sql)
    {
        using var connection = new SqliteConnection(
            $"Data Source={Path.Combine(site.Data, "casework", "casework.db")};Pooling=false"
        );
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_bad_report_bundle_carried_twice_is_one_quarantine_resolved_from_the_command_line_and_audited()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "2", "--seed", "3");
        await site.RunAsync("transfer", "export", "--to", site.Path("stick"));
        var bad = Damaged(site, site.Path("stick"), "reports-000000000001.jebo");

        Assert.Contains(
            "refused reports-000000000001.jebo",
            await site.FailAsync("transfer", "import", "--from", bad),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "not recorded again",
            await site.FailAsync("transfer", "import", "--from", bad),
            StringComparison.Ordinal
        );
        Assert.Single(Directory.GetDirectories(Path.Combine(site.Data, "casework", "quarantine")));
        Assert.Equal(1, Count(site, "SELECT COUNT(*) FROM audit_entries WHERE Action = 'transfer.quarantined'"));

        var listed = await site.RunAsync("transfer", "quarantine", "list");
        Assert.Contains("casework: 1 open quarantined bundle(s)", listed, StringComparison.Ordinal);
        var id = listed.Split('\n')[0].Split("  ")[0];
        Assert.Contains("reports-000000000001.jebo", listed.Split('\n')[0], StringComparison.Ordinal);

        Assert.Contains(
            "--reason",
            await site.MisuseAsync("transfer", "quarantine", "resolve", "--id", id),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no open quarantine with id nonsense",
            await site.FailAsync("transfer", "quarantine", "resolve", "--id", "nonsense", "--reason", "x"),
            StringComparison.Ordinal
        );
        var resolved = await site.RunAsync(
            "transfer",
            "quarantine",
            "resolve",
            "--id",
            id,
            "--reason",
            "stick damaged; the good copy was imported"
        );
        Assert.Contains($"casework: quarantine {id} resolved (audited)", resolved, StringComparison.Ordinal);
        Assert.Equal(
            1,
            Count(
                site,
                "SELECT COUNT(*) FROM audit_entries WHERE Action = 'transfer.alert-resolved' AND Actor LIKE 'cli:%'"
            )
        );
        Assert.Contains(
            "casework: 0 open quarantined bundle(s)",
            await site.RunAsync("transfer", "quarantine", "list"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "RESOLVED by cli:",
            await site.RunAsync("transfer", "quarantine", "list", "--all"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "no open quarantine",
            await site.FailAsync("transfer", "quarantine", "resolve", "--id", id, "--reason", "again"),
            StringComparison.Ordinal
        );
        Assert.Contains("audit chain intact", await site.RunAsync("audit", "verify"), StringComparison.Ordinal);

        // The same bad file once more, after the resolution: still the one record.
        await site.FailAsync("transfer", "import", "--from", bad);
        Assert.Equal(1, Count(site, "SELECT COUNT(*) FROM audit_entries WHERE Action = 'transfer.quarantined'"));
    }

    [Fact]
    public async Task The_quarantine_an_import_names_when_the_file_comes_again_is_resolved_by_that_name()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "1", "--seed", "5");
        await site.RunAsync("transfer", "export", "--to", site.Path("stick"));
        var bad = Damaged(site, site.Path("stick"), "reports-000000000001.jebo");
        await site.FailAsync("transfer", "import", "--from", bad);

        // What the operator reads when the stick comes again is all they need to close it.
        var again = await site.FailAsync("transfer", "import", "--from", bad);
        var named = Regex.Match(again, @"in quarantine already as (\S+);").Groups[1].Value;
        Assert.Equal(
            Path.GetFileName(
                Assert.Single(Directory.GetDirectories(Path.Combine(site.Data, "casework", "quarantine")))
            ),
            named
        );
        Assert.Contains(
            $"casework: quarantine {named} resolved (audited)",
            await site.RunAsync("transfer", "quarantine", "resolve", "--id", named, "--reason", "damaged stick"),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "casework: 0 open quarantined bundle(s)",
            await site.RunAsync("transfer", "quarantine", "list"),
            StringComparison.Ordinal
        );
        Assert.Equal(1, Count(site, "SELECT COUNT(*) FROM audit_entries WHERE Action = 'transfer.alert-resolved'"));
        Assert.Contains(
            "no open quarantine",
            await site.FailAsync("transfer", "quarantine", "resolve", "--id", named, "--reason", "again"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_bad_status_bundle_is_quarantined_once_on_intake_and_resolved_there()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "1", "--seed", "4");
        await site.RunAsync("transfer", "export", "--to", site.Path("stick"));
        await site.RunAsync("transfer", "import", "--from", site.Path("stick"));
        await site.RunAsync("transfer", "export", "--zone", "casework", "--to", site.Path("back"));
        var bad = Damaged(site, site.Path("back"), "status-000000000001.jebo");

        await site.FailAsync("transfer", "import", "--from", bad, "--zone", "intake");
        Assert.Contains(
            "not recorded again",
            await site.FailAsync("transfer", "import", "--from", bad, "--zone", "intake"),
            StringComparison.Ordinal
        );
        var listed = await site.RunAsync("transfer", "quarantine", "list", "--zone", "intake");
        Assert.Contains("intake: 1 open quarantined bundle(s)", listed, StringComparison.Ordinal);
        var id = listed.Split('\n')[0].Split("  ")[0];

        var resolved = await site.RunAsync(
            "transfer",
            "quarantine",
            "resolve",
            "--zone",
            "intake",
            "--id",
            id,
            "--reason",
            "damaged stick"
        );
        Assert.Contains($"intake: quarantine {id} resolved;", resolved, StringComparison.Ordinal);
        Assert.Contains(
            "damaged stick",
            await File.ReadAllTextAsync(Path.Combine(site.Data, "intake", "quarantine", id, "resolved.txt")),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "intake: 0 open quarantined bundle(s)",
            await site.RunAsync("transfer", "quarantine", "list", "--zone", "intake"),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Acknowledge_gap_names_the_import_that_takes_the_held_bundles_now_and_that_command_works()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("demo", "seed", "--count", "1", "--seed", "1");
        await site.RunAsync("transfer", "export", "--to", site.Path("first"));
        await site.RunAsync("demo", "seed", "--count", "1", "--seed", "2");
        await site.RunAsync("transfer", "export", "--to", site.Path("second"), "--from", "2");
        File.Delete(Path.Combine(site.Data, "transfer", "to-casework", "reports-000000000001.jebo"));
        await site.FailAsync("transfer", "import", "--from", site.Path("second"));

        var acknowledged = await site.RunAsync(
            "transfer",
            "acknowledge-gap",
            "--through",
            "1",
            "--reason",
            "stick lost"
        );
        var spool = Path.Combine(site.Data, "transfer", "to-casework");
        Assert.Contains(
            $"`jebo transfer import --from DIR --zone casework` (DIR: a medium with bundles to carry, or the inbound "
                + $"spool {spool})",
            acknowledged,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "reports-000000000002.jebo (spool): applied",
            await site.RunAsync("transfer", "import", "--from", spool, "--zone", "casework"),
            StringComparison.Ordinal
        );
    }
}
