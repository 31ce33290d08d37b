using Jebo.Transfer.Bundles;

namespace Jebo.Transfer.Receipts;

/// <summary>
/// The record (type <see cref="RecordType.ReceiptRegistration"/>) by which casework tells intake of a report intake
/// never received: a clue entered by hand for which staff issued a receipt. The record's id is the report's id; its
/// payload is <c>0x01</c> followed by the receipt's <see cref="ReceiptDerivation.Registration"/> (33 bytes exactly).
/// Intake creates the report's row from it, so the receipt finds the report's status and carries follow-ups to it,
/// exactly as for a report from the portal.
/// </summary>
/// <remarks>
/// Security: a registration is believed only inside a status bundle signed by casework, like any status. It carries
/// no receipt and no key: the registration is a one-way hash of a 100-bit receipt, and what staff wrote never crosses.
/// Intake never lets one replace a report it holds, nor take a lookup value another report holds
/// (<c>Intake/Transfer/StatusInbox</c>), and refuses a bundle registering two reports under one receipt. It is a
/// separate, optional record type rather than a member of the status record so that an intake built before it skips
/// it without refusing the bundle (docs/transfer-format.md, "Receipt registrations").
/// </remarks>
public static class ReceiptRegistration
{
    public const byte Version = 1;

    public const int PayloadLength = 1 + ReceiptDerivation.RegistrationLength;

    /// <summary>The record registering <paramref name="registration"/> for the report <paramref name="reportId"/>.
    /// </summary>
    public static BundleRecord Record(Guid reportId, byte[] registration)
    {
        if (registration.Length != ReceiptDerivation.RegistrationLength)
        {
            throw new ArgumentException(
                $"a registration is {ReceiptDerivation.RegistrationLength} bytes",
                nameof(registration)
            );
        }

        var payload = new byte[PayloadLength];
        payload[0] = Version;
        registration.CopyTo(payload, 1);
        return new BundleRecord(RecordType.ReceiptRegistration, reportId, payload);
    }

    /// <summary>The registrations of a bundle's records, in order; a record that is not exactly a version-1
    /// registration, a report registered twice or a receipt registered for two reports refuses the bundle with the
    /// reason.</summary>
    public static IReadOnlyList<(Guid ReportId, byte[] Registration)> Read(IReadOnlyList<BundleRecord> records)
    {
        var found = new List<(Guid, byte[])>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var reports = new HashSet<Guid>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Type != RecordType.ReceiptRegistration)
            {
                continue;
            }

            if (record.Payload.Length != PayloadLength)
            {
                throw new BundleRejectedException(
                    $"record {i + 1} is a receipt registration of {record.Payload.Length} bytes, not {PayloadLength}"
                );
            }

            if (record.Payload[0] != Version)
            {
                throw new BundleRejectedException(
                    $"record {i + 1} is a receipt registration of version {record.Payload[0]}, not {Version}"
                );
            }

            if (record.Id == Guid.Empty)
            {
                throw new BundleRejectedException($"record {i + 1} registers a receipt for no report");
            }

            if (!reports.Add(record.Id))
            {
                throw new BundleRejectedException($"record {i + 1} registers a second receipt for one report");
            }

            var registration = record.Payload[1..];
            if (!seen.Add(Convert.ToHexString(registration)))
            {
                throw new BundleRejectedException(
                    $"record {i + 1} registers for a second report a receipt the bundle registered already"
                );
            }

            found.Add((record.Id, registration));
        }

        return found;
    }
}
