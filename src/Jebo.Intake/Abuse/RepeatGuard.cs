using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Jebo.Screening.Normalization;
using Jebo.Transfer.Reports;

namespace Jebo.Intake.Abuse;

/// <summary>Refuses the same normalised content a second time within the repeat window (24 hours by default).</summary>
/// <remarks>
/// Security: only a keyed hash of the content is kept, in memory, under a random key that is replaced every window;
/// the key of the window before last is wiped. Nothing reaches the disk, so a stolen or seized intake server holds
/// no fingerprint that a guessed text could be confirmed against, and even a copy of the process's memory confirms
/// nothing older than two windows. The answer to a repeat never names the earlier report. The price, chosen
/// knowingly (docs/threat-model.md): a restart forgets, and intake nodes do not share what they have seen, so some
/// repeats pass — casework's near-duplicate screening catches those, and missing one costs an analyst a glance
/// while a fingerprint on disk could cost a reporter their safety.
/// </remarks>
public sealed class RepeatGuard(AbuseSettings settings, TimeProvider time)
{
    private readonly Lock gate = new();
    private Generation? current;
    private Generation? previous;

    /// <summary>The content of a report that makes it "the same": its description and key fields, normalised.</summary>
    public static string ContentOf(ReportContent report)
    {
        var text = new StringBuilder();
        void Add(string? value) => text.Append(TextNormalizer.Normalize(value)).Append('\u001f');
        Add(report.Facts?.Description);
        Add(report.Facts?.When);
        Add(report.Facts?.Where);
        Add(report.Category);
        Add(report.Region);
        foreach (var subject in report.Subjects ?? [])
        {
            Add(subject?.Name);
            Add(subject?.Alias);
            Add(subject?.Organization);
        }

        foreach (var official in report.Officials ?? [])
        {
            Add(official?.Name);
            Add(official?.Organization);
        }

        return text.ToString();
    }

    /// <summary>The content of a follow-up: its receipt and its normalised words.</summary>
    public static string ContentOf(Jebo.Transfer.Receipts.Receipt receipt, string text) =>
        "follow-up\u001f" + receipt.Canonical + "\u001f" + TextNormalizer.Normalize(text);

    /// <summary>Holds the content as seen; null when it was already seen within the window. Dispose the reservation
    /// without <see cref="Reservation.Keep"/> when the submission fails, so a retry is not refused as a
    /// repeat.</summary>
    public Reservation? TryReserve(string content)
    {
        var now = time.GetUtcNow().UtcTicks;
        var bytes = Encoding.UTF8.GetBytes(content);
        try
        {
            lock (gate)
            {
                Rotate(now);
                foreach (var generation in new[] { current!, previous })
                {
                    if (
                        generation is not null
                        && generation.Seen.TryGetValue(generation.Fingerprint(bytes), out var at)
                        && now - at < settings.RepeatWindow.Ticks
                    )
                    {
                        return null;
                    }
                }

                var fingerprint = current!.Fingerprint(bytes);
                current.Add(fingerprint, now, settings.MaxRememberedFingerprints);
                return new Reservation(this, current, fingerprint, now);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private void Release(Generation generation, UInt128 fingerprint, long at)
    {
        lock (gate)
        {
            if (generation.Seen.TryGetValue(fingerprint, out var stored) && stored == at)
            {
                generation.Seen.Remove(fingerprint);
            }
        }
    }

    private void Rotate(long now)
    {
        var window = now / settings.RepeatWindow.Ticks;
        if (current?.Window == window)
        {
            return;
        }

        previous?.Wipe();
        previous = current?.Window == window - 1 ? current : null;
        if (previous is null)
        {
            current?.Wipe();
        }

        current = new Generation(window);
    }

    /// <summary>A content fingerprint held while its submission is stored.</summary>
    public sealed class Reservation : IDisposable
    {
        private readonly RepeatGuard owner;
        private readonly Generation generation;
        private readonly UInt128 fingerprint;
        private readonly long at;
        private bool kept;

        internal Reservation(RepeatGuard owner, Generation generation, UInt128 fingerprint, long at)
        {
            this.owner = owner;
            this.generation = generation;
            this.fingerprint = fingerprint;
            this.at = at;
        }

        /// <summary>The submission is stored: remember its content for the window.</summary>
        public void Keep() => kept = true;

        public void Dispose()
        {
            if (!kept)
            {
                owner.Release(generation, fingerprint, at);
            }
        }
    }

    /// <summary>One window's key and the fingerprints made with it, in the order they came.</summary>
    internal sealed class Generation(long window)
    {
        private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
        private readonly Queue<(UInt128 Fingerprint, long At)> order = new();

        public long Window { get; } = window;

        public Dictionary<UInt128, long> Seen { get; } = [];

        public UInt128 Fingerprint(byte[] content)
        {
            Span<byte> mac = stackalloc byte[32];
            HMACSHA256.HashData(key, content, mac);
            return BinaryPrimitives.ReadUInt128LittleEndian(mac);
        }

        public void Add(UInt128 fingerprint, long at, int max)
        {
            Seen[fingerprint] = at;
            order.Enqueue((fingerprint, at));
            while (Seen.Count > max && order.TryDequeue(out var oldest))
            {
                if (Seen.TryGetValue(oldest.Fingerprint, out var stored) && stored == oldest.At)
                {
                    Seen.Remove(oldest.Fingerprint);
                }
            }
        }

        public void Wipe()
        {
            CryptographicOperations.ZeroMemory(key);
            Seen.Clear();
            order.Clear();
        }
    }
}
