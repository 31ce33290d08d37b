using Jebo.Casework.Data;
using Jebo.Casework.Keys;
using Jebo.Transfer;
using Jebo.Transfer.Keys;

namespace Jebo.Casework.Audit;

/// <summary>Taking trust away from intake keys on the casework machine (<c>jebo keys untrust</c>, <c>jebo keys install
/// --replace</c>), each change audited before it is made.</summary>
/// <remarks>Security: which intake keys casework believes decides whose bundles become cases; a key removed or
/// replaced without a trace would hide how a forged bundle got in, or why genuine ones were refused. The entry is
/// committed first, so a change is never made unaudited (a failure after it leaves an entry for a change not made,
/// which the key list shows).</remarks>
public sealed class IntakeKeyTrust(CaseworkDb db, AuditLog audit, CaseworkOptions options)
{
    /// <summary>Stops trusting one intake signing key; refuses an unknown id, casework's own keys and the last
    /// one.</summary>
    /// <returns>What changed, for the operator.</returns>
    public async Task<string> UntrustAsync(string id, string by, CancellationToken cancellationToken)
    {
        var key = CaseworkKeys.FindUntrustable(options.KeysFolder, id);
        await RecordAsync(
            by,
            AuditActions.KeyUntrusted,
            new
            {
                zone = ZoneName.Intake.ToString(),
                purpose = key.Purpose,
                id = key.Id,
            },
            cancellationToken
        );
        KeyFolder.Untrust(key);
        return $"intake {key.Purpose} key {KeyFolder.Show(key.Raw)} is no longer trusted (audited)";
    }

    /// <summary>Trusts exactly the intake keys of <paramref name="intake"/>, in place of those trusted
    /// before.</summary>
    /// <returns>One line per change, for the operator.</returns>
    public async Task<IReadOnlyList<string>> ReplaceAsync(
        ZonePublicKeys intake,
        string by,
        CancellationToken cancellationToken
    )
    {
        if (intake.Owner != ZoneName.Intake)
        {
            throw new KeyFileException($"these are {intake.Zone}'s keys; the casework zone installs intake's");
        }

        var before = KeyFolder.TrustedKeys(options.KeysFolder, CaseworkKeys.Peer).Select(k => k.Id).ToList();
        var after = intake.Keys.Where(k => k.Purpose == ExportedKey.Signing).Select(k => k.Id).ToList();
        await RecordAsync(
            by,
            AuditActions.KeyReplaced,
            new
            {
                zone = ZoneName.Intake.ToString(),
                fingerprint = intake.ExportFingerprint,
                removed = before.Except(after),
                trusted = after,
            },
            cancellationToken
        );
        return CaseworkKeys.Install(options.KeysFolder, intake, replace: true);
    }

    private async Task RecordAsync(string by, string action, object details, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        await audit.AppendAsync(by, null, action, null, details, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
