using System.Text.RegularExpressions;
using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Cli;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Tests.Cli;

/// <summary>Keys an operator can put right (issue 22): <c>jebo keys list</c>, <c>untrust</c> and <c>install --replace
/// --fingerprint</c> end to end on two machines' data folders, and the quarantine reason that names the key a record
/// was sealed to. The story is the issue's: intake initialised without <c>--zone</c> sealed reports to a casework key
/// of its own.</summary>
public sealed partial class KeysCommandTests
{
    [Fact]
    public async Task A_report_sealed_to_the_wrong_key_is_quarantined_by_name_and_install_replace_fixes_it()
    {
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        using var intakeMachine = await OperatorFolder.InitAsync(); // --zone forgotten: a casework zone of its own
        var wrongSealing = SealingId(await intakeMachine.RunAsync("keys", "list"), "intake");

        // Casework trusts this intake's signing key; intake seals a report to its local casework key.
        await intakeMachine.RunAsync("keys", "export", "--zone", "intake", "--to", intakeMachine.Path("to-casework"));
        await caseworkMachine.RunAsync("keys", "install", "--from", intakeMachine.Path("to-casework"));
        await intakeMachine.RunAsync("demo", "seed", "--count", "1", "--seed", "1");
        await intakeMachine.RunAsync("transfer", "export", "--to", intakeMachine.Path("stick"));
        var refused = await caseworkMachine.FailAsync("transfer", "import", "--from", intakeMachine.Path("stick"));
        Assert.Contains(
            $"it is sealed to key {wrongSealing}, which this zone does not hold (it holds "
                + $"{SealingId(await caseworkMachine.RunAsync("keys", "list"), "casework")})",
            refused,
            StringComparison.Ordinal
        );
        Assert.Contains("jebo keys install --replace", refused, StringComparison.Ordinal);

        // Put right on the intake machine: casework's folder goes, and the real casework key takes the wrong one's
        // place.
        Directory.Move(Path.Combine(intakeMachine.Data, "casework"), intakeMachine.Path("casework-moved-off"));
        var exported = await caseworkMachine.RunAsync("keys", "export", "--to", caseworkMachine.Path("to-intake"));
        var fingerprint = ExportFingerprint().Match(exported).Groups[1].Value;
        var stale = await intakeMachine.FailAsync("keys", "install", "--from", caseworkMachine.Path("to-intake"));
        Assert.Contains("the key installed is the wrong one", stale, StringComparison.Ordinal);
        Assert.Contains(
            "--fingerprint",
            await intakeMachine.MisuseAsync(
                "keys",
                "install",
                "--replace",
                "--from",
                caseworkMachine.Path("to-intake")
            ),
            StringComparison.Ordinal
        );
        var mismatch = await intakeMachine.FailAsync(
            "keys",
            "install",
            "--replace",
            "--fingerprint",
            "0000 1111",
            "--from",
            caseworkMachine.Path("to-intake")
        );
        Assert.Contains("the fingerprint given is not that of", mismatch, StringComparison.Ordinal);
        Assert.Contains("nothing was installed", mismatch, StringComparison.Ordinal);
        Assert.Contains(wrongSealing, await intakeMachine.RunAsync("keys", "list"), StringComparison.Ordinal);

        var replaced = await intakeMachine.RunAsync(
            "keys",
            "install",
            "--replace",
            "--fingerprint",
            fingerprint.ToUpperInvariant(),
            "--from",
            caseworkMachine.Path("to-intake")
        );
        Assert.Contains(
            $"\nno longer trusted: casework sealing key {wrongSealing}",
            replaced,
            StringComparison.Ordinal
        );
        Assert.DoesNotContain($"installed casework sealing key {wrongSealing}", replaced, StringComparison.Ordinal);
        Assert.Contains("no restart is needed", replaced, StringComparison.Ordinal);
        var listed = await intakeMachine.RunAsync("keys", "list");
        Assert.DoesNotContain(wrongSealing, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("casework: own keys", listed, StringComparison.Ordinal);

        // The next report crosses; the one sealed to the wrong key stays refused (it can never be opened here).
        await intakeMachine.RunAsync("demo", "seed", "--count", "1", "--seed", "2");
        await intakeMachine.RunAsync("transfer", "export", "--to", intakeMachine.Path("stick-2"), "--from", "2");
        await caseworkMachine.RunAsync(
            "transfer",
            "acknowledge-gap",
            "--through",
            "1",
            "--reason",
            "sealed to a key casework never held"
        );
        Assert.Contains(
            ": applied",
            await caseworkMachine.RunAsync("transfer", "import", "--from", intakeMachine.Path("stick-2")),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Keys_list_shows_every_key_with_its_role_id_and_fingerprint()
    {
        using var site = await OperatorFolder.InitAsync();
        await site.RunAsync("keys", "rotate", "--zone", "casework");

        var listed = await site.RunAsync("keys", "list");
        Assert.Contains("intake: own keys (in ", listed, StringComparison.Ordinal);
        Assert.Contains("casework: trusted intake keys", listed, StringComparison.Ordinal);
        Assert.Matches(@"\n  sealing  g2 current +[0-9a-f]{16}  fingerprint ([0-9a-f]{4} ){15}[0-9a-f]{4}\n", listed);
        Assert.Matches(@"\n  sealing  retired +[0-9a-f]{16}  fingerprint ", listed);
        Assert.Matches(@"\n  signing  retired +[0-9a-f]{16}  fingerprint ", listed);
        Assert.Matches(@"\n  sealing  g2 sealed to +[0-9a-f]{16}", listed);
        Assert.Matches(@"\n  sealing  g1 superseded +[0-9a-f]{16}", listed);
        // Two casework keys at intake, one intake key at casework.
        Assert.Equal(3, Regex.Count(listed, @"\n  signing  trusted "));
    }

    [Fact]
    public async Task Untrust_removes_one_trusted_key_and_refuses_unknown_own_and_last_keys()
    {
        using var intakeMachine = await OperatorFolder.InitAsync("--zone", "intake");
        using var caseworkMachine = await OperatorFolder.InitAsync("--zone", "casework");
        await intakeMachine.RunAsync("keys", "export", "--to", intakeMachine.Path("stick"));
        await caseworkMachine.RunAsync("keys", "export", "--to", caseworkMachine.Path("stick"));
        await caseworkMachine.RunAsync("keys", "install", "--from", intakeMachine.Path("stick"));
        await intakeMachine.RunAsync("keys", "install", "--from", caseworkMachine.Path("stick"));

        var unknown = await intakeMachine.FailAsync("keys", "untrust", "--id", "0123456789abcdef");
        Assert.Contains(
            "no key with id '0123456789abcdef' is trusted by the intake zone",
            unknown,
            StringComparison.Ordinal
        );
        Assert.Contains("`jebo keys list`", unknown, StringComparison.Ordinal);
        var ownId = Ids(await intakeMachine.RunAsync("keys", "list"), "signing", "current")[0];
        Assert.Contains(
            "`jebo keys rotate --zone intake`",
            await intakeMachine.FailAsync("keys", "untrust", "--id", ownId),
            StringComparison.Ordinal
        );
        var onlySealing = SealingId(await intakeMachine.RunAsync("keys", "list"), "intake");
        Assert.Contains(
            "is the only one intake has to seal reports to",
            await intakeMachine.FailAsync("keys", "untrust", "--id", onlySealing),
            StringComparison.Ordinal
        );
        Assert.Contains(
            "--id is required",
            await intakeMachine.MisuseAsync("keys", "untrust"),
            StringComparison.Ordinal
        );

        // Intake's signing key is compromised: rotated, the new key installed on casework, the old one revoked there.
        await intakeMachine.RunAsync("keys", "rotate", "--zone", "intake");
        var oldIntakeKey = Ids(await intakeMachine.RunAsync("keys", "list"), "signing", "retired")[0];
        await intakeMachine.RunAsync("keys", "export", "--to", intakeMachine.Path("stick-2"));
        await caseworkMachine.RunAsync("keys", "install", "--from", intakeMachine.Path("stick-2"));
        var untrusted = await caseworkMachine.RunAsync("keys", "untrust", "--id", oldIntakeKey.ToUpperInvariant());
        Assert.Contains($"intake signing key {oldIntakeKey}  fingerprint ", untrusted, StringComparison.Ordinal);
        Assert.Contains("is no longer trusted (audited)", untrusted, StringComparison.Ordinal);
        Assert.DoesNotContain(oldIntakeKey, await caseworkMachine.RunAsync("keys", "list"), StringComparison.Ordinal);
        Assert.Contains(
            "is the only one casework trusts",
            await caseworkMachine.FailAsync(
                "keys",
                "untrust",
                "--id",
                Ids(await intakeMachine.RunAsync("keys", "list"), "signing", "current")[0]
            ),
            StringComparison.Ordinal
        );

        var settings = JeboSettings.From(Arguments.Parse(["--data", caseworkMachine.Data]), null);
        await using (var db = CaseworkZone.OpenDatabase(settings.Casework))
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.KeyUntrusted);
            Assert.Contains(oldIntakeKey, entry.Details, StringComparison.Ordinal);
            Assert.StartsWith("cli:", entry.Actor, StringComparison.Ordinal);
        }

        Assert.Contains(
            "audit chain intact",
            await caseworkMachine.RunAsync("audit", "verify"),
            StringComparison.Ordinal
        );

        // The next bundle, signed with the new key, still crosses.
        await intakeMachine.RunAsync("demo", "seed", "--count", "1", "--seed", "3");
        await intakeMachine.RunAsync("transfer", "export", "--to", intakeMachine.Path("reports"));
        Assert.Contains(
            ": applied",
            await caseworkMachine.RunAsync("transfer", "import", "--from", intakeMachine.Path("reports")),
            StringComparison.Ordinal
        );
    }

    [GeneratedRegex(
        @"fingerprint of the whole export \(for `jebo keys install --replace --fingerprint`\): ([0-9a-f ]+)\n"
    )]
    private static partial Regex ExportFingerprint();

    /// <summary>The ids of the listed keys of one purpose and state, in list order.</summary>
    private static List<string> Ids(string listed, string purpose, string state) =>
        [
            .. Regex
                .Matches(listed, $@"\n  {purpose} +{state}[^\n]*?([0-9a-f]{{16}})  fingerprint")
                .Select(m => m.Groups[1].Value),
        ];

    /// <summary>The sealing key a zone uses: casework's own current one, or the one intake seals to.</summary>
    private static string SealingId(string listed, string zone) =>
        Ids(listed, "sealing", zone == "intake" ? @"g\d+ sealed to" : @"g\d+ current")[0];
}
