using System.Text.RegularExpressions;
using Jebo.Casework.Audit;
using Jebo.Testing;
using Jebo.Transfer.Sealing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Keys;

/// <summary>Running zones pick up keys rotated, installed or untrusted beside them, without a restart (issue 22).
/// Before, each zone loaded its keys once at start: casework rotating its sealing key while it ran quarantined its own
/// next bundle, sealed by an intake that had learnt the new key.</summary>
public sealed class KeyReloadTests
{
    [Theory]
    [DatabaseProviders]
    public async Task Casework_rotating_its_sealing_key_while_it_runs_opens_its_own_next_bundle(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        await platform.SubmitAsync("before the rotation");
        await platform.TransferAsync();

        var rotated = await platform.RunCliAsync(null, "keys", "rotate", "--zone", "casework", "--key", "sealing");
        var newKey = Regex.Match(rotated, "casework sealing key is now ([0-9a-f]{16})").Groups[1].Value;
        Assert.Contains("no restart is needed", rotated, StringComparison.Ordinal);

        // The running intake seals to the new key at once, as does an intake started since (here: the command line's).
        await platform.SubmitAsync("after the rotation");
        await platform.RunCliAsync(null, "demo", "seed", "--count", "1", "--seed", "7");
        await using (var intake = platform.OpenIntakeDb())
        {
            var waiting = await intake
                .Reports.Where(r => r.BundleSequence == null)
                .Select(r => r.Sealed!)
                .ToListAsync();
            Assert.Equal(2, waiting.Count);
            Assert.All(waiting, box => Assert.Equal(newKey, SealedBox.RecipientKeyId(box)));
        }

        await platform.TransferAsync();
        await using var casework = platform.OpenCaseworkDb();
        Assert.Empty(await casework.QuarantinedBundles.Select(q => q.Reason).ToListAsync());
        Assert.Equal(3, await casework.Reports.CountAsync());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Intake_rotating_its_signing_key_and_casework_revoking_the_old_one_need_no_restart(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var rotated = await platform.RunCliAsync(null, "keys", "rotate", "--zone", "intake", "--key", "signing");
        var newKey = Regex.Match(rotated, "intake signing key is now ([0-9a-f]{16})").Groups[1].Value;
        var oldKey = Regex
            .Match(await platform.RunCliAsync(null, "keys", "list"), @"\n  signing  retired +([0-9a-f]{16})")
            .Groups[1]
            .Value;

        // The old key is compromised: casework stops trusting it while both zones run.
        Assert.Contains(
            "(audited)",
            await platform.RunCliAsync(null, "keys", "untrust", "--id", oldKey),
            StringComparison.Ordinal
        );
        await platform.SubmitAsync("signed with the new key");
        await platform.TransferAsync();

        await using (var intake = platform.OpenIntakeDb())
        {
            Assert.Equal(newKey, await intake.OutboundBundles.Select(b => b.KeyId).SingleAsync());
        }

        await using var casework = platform.OpenCaseworkDb();
        Assert.Empty(await casework.QuarantinedBundles.Select(q => q.Reason).ToListAsync());
        Assert.Equal(1, await casework.InboundBundles.CountAsync());
        Assert.Equal(1, await casework.AuditEntries.CountAsync(e => e.Action == AuditActions.KeyUntrusted));
    }
}
