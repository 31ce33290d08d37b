using System.Globalization;
using System.Security.Cryptography;
using Jebo.Intake.Abuse;
using Jebo.Testing;

namespace Jebo.Intake.Tests.Abuse;

public sealed class ProofOfWorkTests
{
    private static readonly byte[] Pepper = RandomNumberGenerator.GetBytes(32);

    private static (ProofOfWork Proofs, IntakeLimits Limits) Make(
        TimeProvider time,
        AbuseSettings? settings = null,
        byte[]? pepper = null
    )
    {
        var options = new IntakeOptions
        {
            ZoneFolder = "z",
            OutboundSpool = "o",
            InboundSpool = "i",
            Database = "d",
            Abuse = settings ?? AbuseSettings.Defaults,
        };
        var limits = new IntakeLimits(options.Abuse, time);
        return (new ProofOfWork(pepper ?? Pepper, options, limits, time), limits);
    }

    /// <summary>What a client does: count up until the hash has enough zero bits.</summary>
    public static string Solve(Challenge challenge)
    {
        for (var n = 0; ; n++)
        {
            var nonce = n.ToString(CultureInfo.InvariantCulture);
            if (ProofOfWork.LeadingZeroBits(challenge.Text, nonce) >= challenge.Difficulty)
            {
                return challenge.Text + ":" + nonce;
            }
        }
    }

    [Fact]
    public void A_solved_challenge_is_valid_once()
    {
        var (proofs, _) = Make(new ManualClock(ManualClock.Morning));
        var proof = Solve(proofs.Issue(8));
        Assert.Equal(ProofCheck.Valid, proofs.Check(proof));
        Assert.Equal(ProofCheck.Spent, proofs.Check(proof));
    }

    [Fact]
    public void Another_intake_node_with_the_same_keys_accepts_the_challenge()
    {
        var time = new ManualClock(ManualClock.Morning);
        var proof = Solve(Make(time).Proofs.Issue(8));
        Assert.Equal(ProofCheck.Valid, Make(time).Proofs.Check(proof));
        Assert.Equal(
            ProofCheck.Forged,
            Make(time, pepper: RandomNumberGenerator.GetBytes(32)).Proofs.Check(Solve(Make(time).Proofs.Issue(8)))
        );
    }

    [Fact]
    public void A_challenge_with_a_lowered_difficulty_is_forged()
    {
        var (proofs, _) = Make(new ManualClock(ManualClock.Morning));
        var challenge = proofs.Issue(20);
        var parts = challenge.Text.Split('.');
        parts[2] = "1";
        var lowered = new Challenge(string.Join('.', parts), 1, challenge.ExpiresAt);
        Assert.Equal(ProofCheck.Forged, proofs.Check(Solve(lowered)));
    }

    [Fact]
    public void A_nonce_that_does_not_reach_the_difficulty_is_insufficient()
    {
        var (proofs, _) = Make(new ManualClock(ManualClock.Morning));
        var challenge = proofs.Issue(24);
        var nonce = Enumerable
            .Range(0, 1000)
            .Select(n => n.ToString(CultureInfo.InvariantCulture))
            .First(n => ProofOfWork.LeadingZeroBits(challenge.Text, n) < 24);
        Assert.Equal(ProofCheck.Insufficient, proofs.Check(challenge.Text + ":" + nonce));
    }

    [Fact]
    public void An_old_challenge_has_expired()
    {
        var time = new ManualClock(ManualClock.Morning);
        var (proofs, _) = Make(time);
        var proof = Solve(proofs.Issue(8));
        time.Advance(AbuseSettings.Defaults.ChallengeLifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(ProofCheck.Expired, proofs.Check(proof));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1.2.3.4.5:")]
    [InlineData(":123")]
    [InlineData("1.x.8.abc.def:1")]
    [InlineData("2.1764000000.8.abc.def:1")]
    [InlineData("1.1764000000.8.abc.def:not allowed")]
    public void Malformed_proofs_are_told_apart_from_absent_ones(string proof)
    {
        var (proofs, _) = Make(new ManualClock(ManualClock.Morning));
        Assert.Equal(ProofCheck.Malformed, proofs.Check(proof));
        Assert.Equal(ProofCheck.Absent, proofs.Check(null));
        Assert.Equal(ProofCheck.Absent, proofs.Check(""));
    }

    [Fact]
    public void Difficulty_rises_as_the_hourly_capacity_is_used()
    {
        var settings = AbuseSettings.Defaults with
        {
            ProvenSubmissionsPerHour = 8,
            ProvenSubmissionsPerClientPerHour = 100,
        };
        var (proofs, limits) = Make(new ManualClock(ManualClock.Morning), settings);
        var calm = proofs.Issue().Difficulty;
        Assert.Equal(settings.BaseDifficulty, calm);
        for (var i = 0; i < 8; i++)
        {
            Assert.Null(limits.TakeSubmission("client", proven: true));
        }

        Assert.Equal(settings.MaxDifficulty, proofs.Issue().Difficulty);
        Assert.Equal(settings.BaseDifficulty + 2, proofs.DifficultyFor(0.5));
    }

    [Fact]
    public void The_leading_zero_bits_are_those_of_SHA_256_over_challenge_and_nonce()
    {
        var hash = SHA256.HashData("abc1"u8);
        var expected = 0;
        foreach (var b in hash)
        {
            if (b == 0)
            {
                expected += 8;
                continue;
            }

            expected += System.Numerics.BitOperations.LeadingZeroCount((uint)b) - 24;
            break;
        }

        Assert.Equal(expected, ProofOfWork.LeadingZeroBits("abc", "1"));
    }
}
