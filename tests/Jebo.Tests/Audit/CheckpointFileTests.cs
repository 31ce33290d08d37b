using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Casework.Audit;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Audit;

/// <summary>The insider who can write the casework database: deletes the signed checkpoints it holds and rehashes the
/// chain so that it is consistent again. The checkpoint file outside the database still catches it.</summary>
public sealed class CheckpointFileTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Deleting_the_database_checkpoints_and_rehashing_the_chain_is_caught_by_verify_and_the_alerts(
        string provider
    )
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("도박장 운영 조직 신고", region: "26");
        await platform.TransferAsync();
        var auditor = await platform.StaffClientAsync("file-auditor", "national", "auditor");
        await platform.RunCliAsync(null, "audit", "checkpoint");
        var file = platform.Settings.Casework.CheckpointFile;
        Assert.True(File.Exists(file), "every checkpoint is also written outside the database");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Contains("intact", await platform.RunCliAsync(null, "audit", "verify"), StringComparison.Ordinal);
        var copy = Path.Combine(platform.DataFolder, "off-the-machine.log");
        File.Copy(file, copy);
        var before = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.DoesNotContain(before.EnumerateArray(), a =>
            a.GetProperty("kind").GetString() == SecurityAlerts.ChainBroken
        );

        await RewriteAsync(platform);

        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("differs from the signed checkpoint", error, StringComparison.Ordinal);
        Assert.Equal(1, (await platform.TryCliAsync(null, "audit", "verify", "--checkpoint-file", copy)).Exit);
        var alerts = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/alerts");
        Assert.Contains(alerts.EnumerateArray(), a =>
            a.GetProperty("kind").GetString() == SecurityAlerts.ChainBroken
            && a.GetProperty("message").GetString()!.Contains("checkpoint", StringComparison.Ordinal)
        );

        // The platform will not sign the rewritten head, which would have buried the break under a fresh checkpoint.
        await platform.RunCliAsync(
            "Long-enough-password-1\n",
            "users",
            "add",
            "--login",
            "after",
            "--office",
            "26",
            "--role",
            "screener",
            "--password-stdin"
        );
        var refused = await platform.TryCliAsync(null, "audit", "checkpoint");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("no checkpoint signed", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, (await platform.TryCliAsync(null, "audit", "verify")).Exit);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Deleting_the_checkpoint_file_as_well_is_caught_by_the_copy_kept_off_the_machine(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("보이스피싱 조직 자금 세탁");
        await platform.TransferAsync();
        await platform.RunCliAsync(null, "audit", "checkpoint");
        var file = platform.Settings.Casework.CheckpointFile;
        var copy = Path.Combine(platform.DataFolder, "off-the-machine.log");
        File.Copy(file, copy);

        // Deleting the file while the database keeps its checkpoints is named as such.
        File.Move(file, file + ".hidden");
        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("checkpoint file", error, StringComparison.Ordinal);
        Assert.Contains("missing", error, StringComparison.Ordinal);

        // With the machine's file gone too, only the copy off the machine still tells.
        await RewriteAsync(platform);
        Assert.Equal(0, (await platform.TryCliAsync(null, "audit", "verify")).Exit);
        var fromCopy = await platform.TryCliAsync(null, "audit", "verify", "--checkpoint-file", copy);
        Assert.Equal(1, fromCopy.Exit);
        Assert.Contains("differs from the signed checkpoint", fromCopy.Error, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_edited_or_shortened_checkpoint_file_is_named(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("조직폭력배 갈취 신고");
        await platform.TransferAsync();
        await platform.SubmitAsync("조직폭력배 갈취 추가 신고");
        await platform.TransferAsync();
        var file = platform.Settings.Casework.CheckpointFile;
        var lines = await File.ReadAllLinesAsync(file);
        Assert.True(lines.Length >= 2, "each round that grew the chain made a checkpoint");

        // A line dropped from the middle breaks the line chain.
        await File.WriteAllLinesAsync(file, lines.Where((_, i) => i != 0));
        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("does not follow", error, StringComparison.Ordinal);

        // A line whose hash was edited no longer carries a valid signature.
        await File.WriteAllLinesAsync(
            file,
            [lines[0].Replace("\"hash\":\"", "\"hash\":\"0", StringComparison.Ordinal), .. lines[1..]]
        );
        (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("no valid signature", error, StringComparison.Ordinal);
    }

    /// <summary>The attack: the first entries are rewritten, every hash after them recomputed, and every checkpoint in
    /// the database deleted, so the database alone is consistent again.</summary>
    private static async Task RewriteAsync(TestPlatform platform)
    {
        await using var db = platform.OpenCaseworkDb();
        await db.AuditCheckpoints.ExecuteDeleteAsync();
        var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
        entries[0].Details = "{\"rewritten\":true}";
        entries[0].Hash = AuditChain.HashOf(entries[0]);
        for (var i = 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash = entries[i - 1].Hash;
            entries[i].Hash = AuditChain.HashOf(entries[i]);
        }

        await db.SaveChangesAsync();
        Assert.Null(AuditChain.FirstBreak(entries));
    }
}
