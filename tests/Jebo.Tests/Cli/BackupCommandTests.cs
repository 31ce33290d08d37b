using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Cli;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Cli;

public sealed class BackupCommandTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_backup_taken_while_running_restores_into_a_fresh_folder_whose_chain_verifies_and_replays(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(null, "demo", "seed", "--count", "12", "--seed", "3");
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("backup-nat", "national", "supervisor");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        await staff.GetAsync($"/api/v1/cases/{id}");
        await staff.PostAsJsonAsync($"/api/v1/cases/{id}/actions", new { action = "accept" });

        var backup = Path.Combine(platform.DataFolder, "backup");
        Assert.Contains(
            "casework",
            await platform.RunCliAsync(null, "backup", "--to", backup),
            StringComparison.Ordinal
        );

        await using var fresh = await TestDatabases.CreateAsync(
            provider,
            Path.Combine(platform.DataFolder, "restored"),
            "casework"
        );
        var freshData = Path.Combine(platform.DataFolder, "restored");
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(
            0,
            await CommandLine.RunAsync(
                [
                    "restore",
                    "--from",
                    backup,
                    "--zone",
                    "casework",
                    "--data",
                    freshData,
                    "--casework-db",
                    fresh.ConnectionString,
                ],
                TextReader.Null,
                output,
                error,
                CancellationToken.None
            )
        );
        Assert.Equal(
            0,
            await CommandLine.RunAsync(
                ["audit", "verify", "--data", freshData, "--casework-db", fresh.ConnectionString],
                TextReader.Null,
                output,
                error,
                CancellationToken.None
            )
        );
        Assert.Contains("intact", output.ToString(), StringComparison.Ordinal);

        // The restored cases still are what the restored log says they are.
        Assert.Equal(
            0,
            await CommandLine.RunAsync(
                ["audit", "rebuild", "--data", freshData, "--casework-db", fresh.ConnectionString],
                TextReader.Null,
                output,
                error,
                CancellationToken.None
            )
        );
        Assert.Contains("case state matches the audit log", output.ToString(), StringComparison.Ordinal);

        await using var original = platform.OpenCaseworkDb();
        var options = new DbContextOptionsBuilder<Casework.Data.CaseworkDb>();
        Storage.DatabaseProvider.Use(options, fresh.ConnectionString);
        await using var restored = new Casework.Data.CaseworkDb(options.Options);
        Assert.Equal(await original.Cases.CountAsync(), await restored.Cases.CountAsync());
        Assert.Equal(
            await original.AuditEntries.MaxAsync(e => e.Sequence),
            await restored.AuditEntries.MaxAsync(e => e.Sequence)
        );
        Assert.True(File.Exists(Path.Combine(freshData, "casework", "keys", "sealing.key")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_damaged_backup_is_refused_and_nothing_is_restored(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var backup = Path.Combine(platform.DataFolder, "backup");
        await platform.RunCliAsync(null, "backup", "--to", backup, "--zone", "casework");
        var key = Path.Combine(backup, "casework", "keys", "signing.pub");
        await File.AppendAllTextAsync(key, "x");

        var freshData = Path.Combine(platform.DataFolder, "restored");
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            ["restore", "--from", backup, "--data", freshData],
            TextReader.Null,
            TextWriter.Null,
            error,
            CancellationToken.None
        );
        Assert.Equal(1, exit);
        Assert.Contains("damaged", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(freshData, "casework", "keys")));
    }

    [Theory]
    [DatabaseProviders]
    public async Task Restore_never_overwrites_a_live_zone(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var backup = Path.Combine(platform.DataFolder, "backup");
        await platform.RunCliAsync(null, "backup", "--to", backup, "--zone", "casework");
        var (exit, _, error) = await platform.TryCliAsync(null, "restore", "--from", backup);
        Assert.Equal(1, exit);
        Assert.Contains("fresh data folder", error, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_restore_into_a_database_in_use_or_not_made_yet_is_refused_with_what_to_do(string provider)
    {
        using var site = OperatorFolder.Empty();
        await using var live = await TestDatabases.CreateAsync(provider, site.Data, "casework");
        await site.RunAsync("init", "--zone", "casework", "--casework-db", live.ConnectionString);
        var backup = site.Path("backup");
        await site.RunAsync("backup", "--to", backup, "--casework-db", live.ConnectionString);
        var restored = site.Path("restored");

        // The live database named by mistake: never overwritten.
        var (exit, _, error) = await Restore(backup, restored, live.ConnectionString);
        Assert.True(exit == 1, error);
        Assert.Contains(
            provider == TestDatabases.Sqlite
                ? "exists; restore into a fresh data folder"
                : "a restore never overwrites",
            error,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "audit chain intact",
            await site.RunAsync("audit", "verify", "--casework-db", live.ConnectionString),
            StringComparison.Ordinal
        );

        if (provider == TestDatabases.PostgreSql)
        {
            // A database the administrator has not made yet: the command that makes it, and nothing restored.
            await using var missing = TestDatabases.Uncreated(provider, restored, "casework");
            (exit, _, error) = await Restore(backup, restored, missing.ConnectionString);
            Assert.True(exit == 1, error);
            var line = Assert.Single(error.TrimEnd('\n').Split('\n'));
            Assert.Contains("does not exist: create it empty first (`createdb -E UTF8", line, StringComparison.Ordinal);
            Assert.Contains(missing.PostgresName!, line, StringComparison.Ordinal);
            Assert.Contains("--casework-db", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Password", line, StringComparison.OrdinalIgnoreCase);
            Assert.False(await TestDatabases.PostgresExistsAsync(missing.PostgresName!));
        }

        Assert.False(Directory.Exists(Path.Combine(restored, "casework", "keys")), "keys were restored");
    }

    private static async Task<(int Exit, string Output, string Error)> Restore(
        string backup,
        string data,
        string database
    )
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            ["restore", "--from", backup, "--data", data, "--casework-db", database],
            TextReader.Null,
            output,
            error,
            CancellationToken.None
        );
        return (exit, output.ToString(), error.ToString());
    }
}
