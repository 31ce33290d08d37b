using Jebo.Casework.Audit;
using Jebo.Casework.Data;

namespace Jebo.Casework.Tests.Audit;

/// <summary>Every kind of tampering with the stored chain is found, and the first bad entry is named.</summary>
public sealed class AuditChainTests
{
    private static List<AuditEntry> Chain(int count)
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var entry = new AuditEntry
            {
                Sequence = i,
                At = DateTimeOffset.UnixEpoch.AddMinutes(i),
                Actor = "user" + (i % 3),
                ActorOffice = "26",
                Action = i % 2 == 0 ? "case.viewed" : "case.accept",
                CaseId = "CASE-" + (i % 4),
                Details = $"{{\"n\":{i}}}",
                PreviousHash = previous,
                Hash = "",
            };
            entry.Hash = AuditChain.HashOf(entry);
            previous = entry.Hash;
            entries.Add(entry);
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_is_intact() => Assert.Null(AuditChain.FirstBreak(Chain(20)));

    [Fact]
    public void An_edited_field_is_named_by_its_entry()
    {
        foreach (
            var edit in new Action<AuditEntry>[]
            {
                e => e.Details += "x",
                e => e.Actor = "someone-else",
                e => e.Action = "case.close",
                e => e.CaseId = null,
                e => e.ActorOffice = "11",
                e => e.At = e.At.AddSeconds(1),
            }
        )
        {
            var chain = Chain(10);
            edit(chain[4]);
            Assert.StartsWith("entry 5 ", AuditChain.FirstBreak(chain), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_edited_entry_with_a_recomputed_hash_breaks_the_next_link()
    {
        var chain = Chain(10);
        chain[4].Details = "{\"n\":999}";
        chain[4].Hash = AuditChain.HashOf(chain[4]);
        Assert.StartsWith("entry 6 ", AuditChain.FirstBreak(chain), StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_entry_is_found()
    {
        var chain = Chain(10);
        chain.RemoveAt(3);
        Assert.Contains("entry 4 is missing", AuditChain.FirstBreak(chain), StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_the_first_entries_is_found()
    {
        var chain = Chain(10);
        chain.RemoveRange(0, 2);
        Assert.NotNull(AuditChain.FirstBreak(chain));
    }

    [Fact]
    public void An_inserted_entry_is_found()
    {
        var chain = Chain(10);
        var forged = Chain(10)[5];
        forged.Details = "{\"forged\":true}";
        chain.Insert(5, forged);
        Assert.NotNull(AuditChain.FirstBreak(chain));
    }

    [Fact]
    public void Reordered_entries_are_found()
    {
        var chain = Chain(10);
        (chain[6], chain[7]) = (chain[7], chain[6]);
        (chain[6].Sequence, chain[7].Sequence) = (chain[7].Sequence, chain[6].Sequence);
        Assert.NotNull(AuditChain.FirstBreak(chain));
    }

    [Fact]
    public void Moving_characters_between_fields_changes_the_hash()
    {
        var one = Chain(1)[0];
        var two = Chain(1)[0];
        one.Actor = "ab";
        one.Action = "c";
        two.Actor = "a";
        two.Action = "bc";
        Assert.NotEqual(AuditChain.HashOf(one), AuditChain.HashOf(two));
    }
}
