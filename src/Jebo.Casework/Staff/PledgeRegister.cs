using System.Security.Cryptography;
using System.Text;
using Jebo.Casework.Audit;
using Jebo.Casework.Data;
using Jebo.Casework.Offices;
using Jebo.Reference.Regions;
using Jebo.Reference.TimeZones;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Staff;

/// <summary>The confidentiality pledge: its versions (texts in ko/en/zh, kept in the database; the highest is current)
/// and the register of who accepted which version, when and how: on the web by the person, or on paper, entered by an
/// administrator with the date signed and a witness. Accepting keeps the account's own pledge fields in step, which
/// the gate (<c>Web/StaffGate</c>) and <see cref="TokenRules"/> compare with
/// <see cref="CurrentVersionAsync(CancellationToken)"/>.</summary>
/// <remarks>Security: the one place that decides who may publish a new text (<see cref="MayPublish"/>: the national
/// administrator alone, since a new text binds everyone), who may enter a paper acceptance (an administrator who
/// manages the person's account, naming as witness another enabled member of staff whose account they also manage,
/// so a provincial administrator cannot call on someone of another province) and who reads the register
/// (<see cref="MayRead"/>: administrators and auditors, each for their own office subtree). A text is never edited
/// once published, and the audit entry of its publication carries a SHA-256 of each language, so what people accepted
/// can be checked against the chain.</remarks>
public sealed class PledgeRegister(
    CaseworkDb db,
    AuditLog audit,
    OfficeTree offices,
    PlatformTimeZone zone,
    TimeProvider time
)
{
    /// <summary>The longest text a version may have in one language.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>Whether the role reads the register (within its own office subtree).</summary>
    public static bool MayRead(string role) => role is Roles.Administrator or Roles.Auditor;

    /// <summary>Whether <paramref name="staff"/> may publish a new version: an administrator of the national
    /// office.</summary>
    public static bool MayPublish(StaffPrincipal staff) =>
        staff.Role == Roles.Administrator && staff.OfficeCode == RegionDataset.National;

    /// <summary>The current version's number; 0 only in a database the migrations have not reached.</summary>
    public static async Task<int> CurrentVersionAsync(CaseworkDb db, CancellationToken cancellationToken) =>
        await db.PledgeTexts.MaxAsync(p => (int?)p.Version, cancellationToken) ?? 0;

    public Task<int> CurrentVersionAsync(CancellationToken cancellationToken) =>
        CurrentVersionAsync(db, cancellationToken);

    /// <summary>The current text, or null before the migrations ran.</summary>
    public Task<PledgeText?> CurrentAsync(CancellationToken cancellationToken) =>
        db.PledgeTexts.AsNoTracking().OrderByDescending(p => p.Version).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every version, newest first.</summary>
    public Task<List<PledgeText>> VersionsAsync(CancellationToken cancellationToken) =>
        db.PledgeTexts.AsNoTracking().OrderByDescending(p => p.Version).ToListAsync(cancellationToken);

    /// <summary>The text in <paramref name="language"/> (<c>ko</c>, <c>en</c> or <c>zh</c>; Korean
    /// otherwise).</summary>
    public static string TextIn(PledgeText pledge, string language) =>
        language switch
        {
            "en" => pledge.TextEn,
            "zh" => pledge.TextZh,
            _ => pledge.Text,
        };

    /// <summary>Publishes a new version with these texts; from then on everyone must accept it before seeing any case.
    /// Returns why it was refused, or null.</summary>
    public async Task<PledgeRefusal?> PublishAsync(
        StaffPrincipal actor,
        string? korean,
        string? english,
        string? chinese,
        CancellationToken cancellationToken
    )
    {
        if (!MayPublish(actor))
        {
            return PledgeRefusal.NotNationalAdministrator;
        }

        string[] texts = [korean?.Trim() ?? "", english?.Trim() ?? "", chinese?.Trim() ?? ""];
        if (texts.Any(t => t.Length == 0))
        {
            return PledgeRefusal.TextMissing;
        }

        if (texts.Any(t => t.Length > MaxTextLength))
        {
            return PledgeRefusal.TextTooLong;
        }

        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var version = await CurrentVersionAsync(cancellationToken) + 1;
        db.PledgeTexts.Add(
            new PledgeText
            {
                Version = version,
                Text = texts[0],
                TextEn = texts[1],
                TextZh = texts[2],
                WrittenBy = actor.Login,
                PublishedAt = time.GetUtcNow(),
            }
        );
        await audit.AppendAsync(
            actor.Login,
            actor.OfficeCode,
            AuditActions.PledgePublished,
            null,
            new
            {
                version,
                sha256Ko = Digest(texts[0]),
                sha256En = Digest(texts[1]),
                sha256Zh = Digest(texts[2]),
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Records that the signed-in person accepted <paramref name="version"/> on the web. Refused when it is
    /// no longer the current version (the text changed while they read it: they must read the new one).</summary>
    public async Task<PledgeRefusal?> AcceptOnWebAsync(Guid userId, int version, CancellationToken cancellationToken)
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        if (version != await CurrentVersionAsync(cancellationToken))
        {
            return PledgeRefusal.VersionChanged;
        }

        var user = await db.Users.SingleAsync(u => u.Id == userId, cancellationToken);
        if (await HasAcceptedAsync(userId, version, cancellationToken))
        {
            return null;
        }

        Accept(user, version, time.GetUtcNow(), PledgeAcceptance.Web, witness: null, recordedBy: null);
        await audit.AppendAsync(
            user.Login,
            user.OfficeCode,
            AuditActions.PledgeAccepted,
            null,
            new { version, method = PledgeAcceptance.Web },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Enters a pledge <paramref name="login"/> signed on paper on <paramref name="signedOn"/> (a Seoul
    /// date, not in the future nor before the version was published) before <paramref name="witness"/>. Returns why
    /// it was refused, or null.</summary>
    public async Task<PledgeRefusal?> RecordPaperAsync(
        StaffPrincipal administrator,
        string? login,
        string? witness,
        DateOnly? signedOn,
        int version,
        CancellationToken cancellationToken
    )
    {
        await using var transaction = await WriteTransaction.BeginAsync(db, cancellationToken);
        var person = await db.Users.SingleOrDefaultAsync(u => u.Login == login, cancellationToken);
        if (person is null || !StaffAdministration.MayManage(administrator, person.OfficeCode, offices))
        {
            return PledgeRefusal.NoSuchPerson;
        }

        var witnessAccount = await db
            .Users.AsNoTracking()
            .SingleOrDefaultAsync(u => u.Login == witness, cancellationToken);
        var current = await db
            .PledgeTexts.AsNoTracking()
            .OrderByDescending(p => p.Version)
            .FirstAsync(cancellationToken);
        var refusal = PaperRefusal(administrator, person, witnessAccount, signedOn, version, current);
        if (refusal is null && await HasAcceptedAsync(person.Id, version, cancellationToken))
        {
            refusal = PledgeRefusal.AlreadyAccepted;
        }

        if (refusal is not null)
        {
            return refusal;
        }

        Accept(
            person,
            version,
            zone.StartOf(signedOn!.Value),
            PledgeAcceptance.Paper,
            witnessAccount!.Login,
            administrator.Login
        );
        await audit.AppendAsync(
            administrator.Login,
            administrator.OfficeCode,
            AuditActions.PledgeRecorded,
            null,
            new
            {
                login = person.Login,
                version,
                method = PledgeAcceptance.Paper,
                witness = witnessAccount.Login,
                signedOn = signedOn.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            },
            cancellationToken
        );
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Adds the register row for an acceptance and keeps the account's own fields in step (the caller saves,
    /// in its write transaction). <c>jebo users add --pledge-signed</c> comes here too, without a witness.</summary>
    public void Accept(
        StaffUser user,
        int version,
        DateTimeOffset acceptedAt,
        string method,
        string? witness,
        string? recordedBy
    )
    {
        db.PledgeAcceptances.Add(
            new PledgeAcceptance
            {
                UserId = user.Id,
                Version = version,
                AcceptedAt = acceptedAt,
                Method = method,
                Witness = witness,
                RecordedBy = recordedBy,
                RecordedAt = method == PledgeAcceptance.Paper ? time.GetUtcNow() : null,
            }
        );
        (user.PledgeVersion, user.PledgeAcceptedAt, user.PledgeMethod) = (version, acceptedAt, method);
    }

    /// <summary>The register as <paramref name="viewer"/> may read it: the acceptances of the accounts of their office
    /// subtree, newest first, and the enabled accounts there that have not accepted the current version.</summary>
    public async Task<PledgeRegisterView> ReadAsync(StaffPrincipal viewer, CancellationToken cancellationToken)
    {
        var subtree = offices.Subtree(viewer.OfficeCode).ToList();
        var current = await CurrentVersionAsync(cancellationToken);
        var users = db.Users.AsNoTracking().Where(u => subtree.Contains(u.OfficeCode));
        var rows = await db
            .PledgeAcceptances.AsNoTracking()
            .Join(
                users,
                a => a.UserId,
                u => u.Id,
                (a, u) =>
                    new PledgeRegisterRow(
                        u.Login,
                        u.OfficeCode,
                        a.Version,
                        a.AcceptedAt,
                        a.Method,
                        a.Witness,
                        a.RecordedBy,
                        a.RecordedAt
                    )
            )
            .ToListAsync(cancellationToken);
        var pending = await users
            .Where(u => u.DisabledAt == null && (u.PledgeVersion == null || u.PledgeVersion != current))
            .OrderBy(u => u.Login)
            .Select(u => new PledgePending(u.Login, u.OfficeCode, u.Role, u.PledgeVersion))
            .ToListAsync(cancellationToken);
        return new PledgeRegisterView(
            current,
            [.. rows.OrderByDescending(r => r.AcceptedAt).ThenBy(r => r.Login, StringComparer.Ordinal)],
            pending
        );
    }

    /// <summary>Why this paper acceptance cannot be entered, before looking at the register.</summary>
    private PledgeRefusal? PaperRefusal(
        StaffPrincipal administrator,
        StaffUser person,
        StaffUser? witness,
        DateOnly? signedOn,
        int version,
        PledgeText current
    )
    {
        if (version != current.Version)
        {
            return PledgeRefusal.VersionChanged;
        }

        if (witness is null || witness.DisabledAt is not null)
        {
            return PledgeRefusal.WitnessUnknown;
        }

        if (witness.Id == person.Id)
        {
            return PledgeRefusal.WitnessIsPerson;
        }

        if (!StaffAdministration.MayManage(administrator, witness.OfficeCode, offices))
        {
            return PledgeRefusal.WitnessOutsideJurisdiction;
        }

        return signedOn switch
        {
            null => PledgeRefusal.DateMissing,
            { } day when day > zone.DateOf(time.GetUtcNow()) => PledgeRefusal.DateInFuture,
            { } day when day < zone.DateOf(current.PublishedAt) => PledgeRefusal.DateBeforePublished,
            _ => null,
        };
    }

    private Task<bool> HasAcceptedAsync(Guid userId, int version, CancellationToken cancellationToken) =>
        db.PledgeAcceptances.AnyAsync(a => a.UserId == userId && a.Version == version, cancellationToken);

    private static string Digest(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>Why a pledge was not published or an acceptance not recorded.</summary>
public enum PledgeRefusal
{
    NotNationalAdministrator,
    TextMissing,
    TextTooLong,

    /// <summary>The version is no longer the current one.</summary>
    VersionChanged,

    /// <summary>No such account in the administrator's subtree (as if it did not exist).</summary>
    NoSuchPerson,

    /// <summary>No enabled account with the witness's login.</summary>
    WitnessUnknown,
    WitnessIsPerson,

    /// <summary>The witness's account lies outside the offices the administrator manages.</summary>
    WitnessOutsideJurisdiction,
    DateMissing,
    DateInFuture,
    DateBeforePublished,
    AlreadyAccepted,
}

/// <summary>The register within a viewer's jurisdiction.</summary>
public sealed record PledgeRegisterView(
    int CurrentVersion,
    IReadOnlyList<PledgeRegisterRow> Acceptances,
    IReadOnlyList<PledgePending> NotYetAccepted
);

/// <summary>An enabled account that has not accepted the current version, with the version it last accepted.</summary>
public sealed record PledgePending(string Login, string OfficeCode, string Role, int? AcceptedVersion);

/// <summary>One acceptance as the register shows it.</summary>
public sealed record PledgeRegisterRow(
    string Login,
    string OfficeCode,
    int Version,
    DateTimeOffset AcceptedAt,
    string Method,
    string? Witness,
    string? RecordedBy,
    DateTimeOffset? RecordedAt
);
