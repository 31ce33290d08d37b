using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Cli;

public sealed class UsersAndAuditCommandTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Tokens_are_stored_hashed_and_work_until_revoked(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(
            "Long-enough-password-1\n",
            "users",
            "add",
            "--login",
            "kim",
            "--office",
            "26",
            "--role",
            "investigator",
            "--password-stdin",
            "--pledge-signed"
        );
        var token = (await platform.RunCliAsync(null, "users", "token", "--login", "kim")).Trim().Split('\n')[^1];
        Assert.StartsWith("jebo_", token, StringComparison.Ordinal);

        await using (var db = platform.OpenCaseworkDb())
        {
            var stored = await db.ApiTokens.SingleAsync();
            Assert.NotEqual(token, Convert.ToBase64String(stored.Hash));
            Assert.Equal(Casework.Staff.StaffAccounts.HashToken(token), stored.Hash);
            var user = await db.Users.SingleAsync(u => u.Login == "kim");
            Assert.DoesNotContain("Long-enough-password-1", user.PasswordHash, StringComparison.Ordinal);
            Assert.Equal("paper", user.PledgeMethod);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cases");
        request.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await platform.Casework.SendAsync(request)).StatusCode);

        await using (var db = platform.OpenCaseworkDb())
        {
            await db.ApiTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
        }

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cases");
        again.Headers.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await platform.Casework.SendAsync(again)).StatusCode);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_token_is_refused_to_an_account_without_a_pledge(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.RunCliAsync(
            "Long-enough-password-1\n",
            "users",
            "add",
            "--login",
            "lee",
            "--office",
            "11",
            "--role",
            "screener",
            "--password-stdin"
        );
        var (exit, _, error) = await platform.TryCliAsync(null, "users", "token", "--login", "lee");
        Assert.Equal(1, exit);
        Assert.Contains("pledge", error, StringComparison.Ordinal);
    }

    [Theory]
    [DatabaseProviders("chief", "26")]
    [DatabaseProviders("screener", "99")]
    public async Task Bad_accounts_are_refused_with_exit_1(string provider, string role, string office)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        string[] args = ["users", "add", "--login", "x", "--office", office, "--role", role, "--password-stdin"];
        var (exit, _, error) = await platform.TryCliAsync("Long-enough-password-1\n", args);
        Assert.Equal(1, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact] // usage is refused before any database is opened: one provider is enough
    public async Task Bad_usage_exits_2()
    {
        await using var platform = await TestPlatform.StartAsync();
        Assert.Equal(2, (await platform.TryCliAsync(null, "frobnicate")).Exit);
        Assert.Equal(2, (await platform.TryCliAsync(null, "users", "add", "--login")).Exit);
        Assert.Equal(2, (await platform.TryCliAsync(null, "audit", "verify", "--bogus", "1")).Exit);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Audit_verify_passes_on_a_fresh_chain_and_names_a_changed_entry(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("마약 유통 조직", region: "11");
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("auditme", "national", "supervisor");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        await staff.GetAsync($"/api/v1/cases/{id}");
        var audit = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "case.created");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "case.viewed");

        Assert.Contains("intact", await platform.RunCliAsync(null, "audit", "verify"), StringComparison.Ordinal);

        await using (var db = platform.OpenCaseworkDb())
        {
            var victim = await db.AuditEntries.OrderBy(e => e.Sequence).Skip(2).FirstAsync();
            await db
                .AuditEntries.Where(e => e.Sequence == victim.Sequence)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, "{\"edited\":true}"));
            var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
            Assert.Equal(1, exit);
            Assert.Contains($"entry {victim.Sequence} ", error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_rewritten_chain_is_caught_by_signed_checkpoints_even_with_every_hash_recomputed(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("도박장 운영 조직", region: "26");
        await platform.TransferAsync();
        var export = Path.Combine(platform.DataFolder, "checkpoints.jsonl");
        Assert.Contains(
            "written",
            await platform.RunCliAsync(null, "audit", "checkpoint", "--export", export),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "checkpoint(s) hold",
            await platform.RunCliAsync(null, "audit", "verify", "--checkpoints", export),
            StringComparison.Ordinal
        );

        // An insider rewrites entry 2 and recomputes every hash after it: the chain alone looks intact again.
        await using (var db = platform.OpenCaseworkDb())
        {
            var entries = await db.AuditEntries.OrderBy(e => e.Sequence).ToListAsync();
            entries[1].Details = "{\"rewritten\":true}";
            for (var i = 1; i < entries.Count; i++)
            {
                entries[i].PreviousHash = entries[i - 1].Hash;
                entries[i].Hash = Casework.Audit.AuditChain.HashOf(entries[i]);
            }

            await db.SaveChangesAsync();
            Assert.Null(Casework.Audit.AuditChain.FirstBreak(entries));
        }

        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify", "--checkpoints", export);
        Assert.Equal(1, exit);
        Assert.Contains("checkpoint", error, StringComparison.Ordinal);

        // Dropping the stored checkpoints does not help while the exported copy is kept.
        await using (var db = platform.OpenCaseworkDb())
        {
            await db.AuditCheckpoints.ExecuteDeleteAsync();
        }

        Assert.Equal(1, (await platform.TryCliAsync(null, "audit", "verify", "--checkpoints", export)).Exit);
    }

    [Theory]
    [DatabaseProviders]
    public async Task Removing_entries_from_the_end_is_caught_by_a_checkpoint(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("보이스피싱 조직");
        await platform.TransferAsync();
        await platform.RunCliAsync(null, "audit", "checkpoint");
        await using (var db = platform.OpenCaseworkDb())
        {
            var last = await db.AuditEntries.MaxAsync(e => e.Sequence);
            await db.AuditEntries.Where(e => e.Sequence == last).ExecuteDeleteAsync();
        }

        var (exit, _, error) = await platform.TryCliAsync(null, "audit", "verify");
        Assert.Equal(1, exit);
        Assert.Contains("removed from the end", error, StringComparison.Ordinal);
    }
}
