using Jebo.Storage;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Intake.Data;

/// <summary>The intake zone's database: sealed reports awaiting transfer, their public status, the outbound
/// bundle log and the position in the inbound status stream. Nothing in it is readable report content.</summary>
public sealed class IntakeDb(DbContextOptions<IntakeDb> options) : DbContext(options)
{
    public DbSet<IntakeReport> Reports => Set<IntakeReport>();
    public DbSet<IntakeFollowUp> FollowUps => Set<IntakeFollowUp>();
    public DbSet<OutboundBundle> OutboundBundles => Set<OutboundBundle>();
    public DbSet<InboundStatusBundle> InboundStatusBundles => Set<InboundStatusBundle>();
    public DbSet<InboundStatusGap> InboundStatusGaps => Set<InboundStatusGap>();
    public DbSet<IntakeAttachment> Attachments => Set<IntakeAttachment>();
    public DbSet<IntakeAttachmentChunk> AttachmentChunks => Set<IntakeAttachmentChunk>();
    public DbSet<MaintenanceSwitch> Maintenance => Set<MaintenanceSwitch>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        UtcTimestamps.Configure(configurationBuilder, Database.IsSqlite());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IntakeReport>(e =>
        {
            e.ToTable("reports");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.LookupId).IsUnique();
            // Waiting reports in the order a bundle takes them, read in the index alone up to a step's worth
            // (Transfer/IntakeOutbox.ReserveStepAsync); without the order every waiting row was read and sorted for
            // each step, holding the write lock while submissions waited (docs/benchmarks.md).
            e.HasIndex(r => new
            {
                r.BundleSequence,
                r.ReceivedAt,
                r.Id,
            });
            e.Property(r => r.Status).HasMaxLength(32);
        });
        modelBuilder.Entity<IntakeFollowUp>(e =>
        {
            e.ToTable("follow_ups");
            e.HasKey(f => f.Id);
            e.HasIndex(f => new
            {
                f.BundleSequence,
                f.ReceivedAt,
                f.Id,
            });
            e.HasIndex(f => f.ReportId);
        });
        modelBuilder.Entity<IntakeAttachment>(e =>
        {
            e.ToTable("attachments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.ReportId);
            e.HasIndex(a => a.FollowUpId);
            e.HasIndex(a => a.BundleSequence);
            e.HasIndex(a => a.CreatedAt);
        });
        modelBuilder.Entity<IntakeAttachmentChunk>(e =>
        {
            e.ToTable("attachment_chunks");
            e.HasKey(c => new { c.AttachmentId, c.Index });
        });
        modelBuilder.Entity<OutboundBundle>(e =>
        {
            e.ToTable("outbound_bundles");
            e.HasKey(b => b.Sequence);
            e.Property(b => b.Sequence).ValueGeneratedNever();
            e.Property(b => b.Hash).HasMaxLength(64);
            e.Property(b => b.KeyId).HasMaxLength(16);
            e.HasIndex(b => b.AcknowledgedAt);
        });
        modelBuilder.Entity<InboundStatusBundle>(e =>
        {
            e.ToTable("inbound_status_bundles");
            e.HasKey(b => b.Sequence);
            e.Property(b => b.Sequence).ValueGeneratedNever();
            e.Property(b => b.Hash).HasMaxLength(64);
            e.Property(b => b.PreviousHash).HasMaxLength(64);
        });
        modelBuilder.Entity<MaintenanceSwitch>(e =>
        {
            e.ToTable("maintenance");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedNever();
            e.Property(m => m.Message).HasMaxLength(MaintenanceSwitch.MaxMessageLength);
        });
        modelBuilder.Entity<InboundStatusGap>(e =>
        {
            e.ToTable("inbound_status_gaps");
            e.HasKey(g => g.Id);
            e.HasIndex(g => g.Through);
            e.Property(g => g.Reason).HasMaxLength(1000);
            e.Property(g => g.By).HasMaxLength(128);
        });
    }
}

/// <summary>One report as intake keeps it: ids, the sealed box until casework confirms the import, and the last
/// public status casework sent.</summary>
public sealed class IntakeReport
{
    public Guid Id { get; set; }

    /// <summary>HMAC of the receipt under the pepper (see <see cref="Receipts.ReceiptKeys"/>); for a report casework
    /// registered (a clue entered by hand, <see cref="BundleSequence"/> 0), the receipt's registration
    /// (<c>Jebo.Transfer.Receipts.ReceiptDerivation.Registration</c>) until its first look-up.</summary>
    public required byte[] LookupId { get; set; }

    /// <summary>The report sealed to casework; null once casework has confirmed the import.</summary>
    public byte[]? Sealed { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    /// <summary>The outbound bundle that carries it; null while waiting for the next one; 0 for a report casework
    /// registered, which never travels.</summary>
    public long? BundleSequence { get; set; }

    public string Status { get; set; } = "received";

    public DateTimeOffset StatusUpdatedAt { get; set; }

    /// <summary>Messages from the office, as a JSON list of {at, ciphertext}, each encrypted to the receipt.</summary>
    public byte[]? Messages { get; set; }

    /// <summary>The published result, encrypted to the receipt (<c>Jebo.Transfer.Status.PublicResult</c>); null until
    /// one is published.</summary>
    public byte[]? Result { get; set; }

    /// <summary>Where the reporter's request for protection stands, encrypted to the receipt
    /// (<c>Jebo.Transfer.Status.PublicProtection</c>): written by intake when the report asks for it, then as casework
    /// sends it; null when none was asked for with the report.</summary>
    public byte[]? Protection { get; set; }

    /// <summary>Where the reporter's reward claim stands, encrypted to the receipt
    /// (<c>Jebo.Transfer.Status.PublicReward</c>), as casework sends it; null until casework has word of a
    /// claim.</summary>
    public byte[]? Reward { get; set; }
}

/// <summary>A follow-up a reporter sent with their receipt, sealed like a report, and the reporter's own copy of it.
/// </summary>
public sealed class IntakeFollowUp
{
    public Guid Id { get; set; }
    public Guid ReportId { get; set; }
    public byte[]? Sealed { get; set; }

    /// <summary>The time and words encrypted to the receipt (<c>FollowUpCopy</c>), kept after the
    /// sealed copy is gone so the status page can show the reporter the whole conversation.</summary>
    public byte[]? ReporterCopy { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public long? BundleSequence { get; set; }
}

/// <summary>A file sealed as it arrived (see <c>Jebo.Transfer.Attachments.AttachmentFormat</c>): the header here, the
/// sealed chunks in <see cref="IntakeAttachmentChunk"/>. Pending (no report yet) while the form is being filled in;
/// claimed by a report, or by a follow-up to one, when it is sent; deleted once casework has confirmed the
/// import.</summary>
public sealed class IntakeAttachment
{
    public Guid Id { get; set; }

    /// <summary>The report that carries it, itself or through a follow-up; null while pending.</summary>
    public Guid? ReportId { get; set; }

    /// <summary>The follow-up that carries it (to <see cref="ReportId"/>); null for a report's own file and while
    /// pending.</summary>
    public Guid? FollowUpId { get; set; }

    /// <summary>The sealed attachment's header: key and name sealed to casework.</summary>
    public required byte[] Header { get; set; }

    /// <summary>False while the file is still arriving (or was abandoned part way).</summary>
    public bool Complete { get; set; }

    public int ChunkCount { get; set; }

    /// <summary>Sealed bytes in all chunks, for sizing bundles.</summary>
    public long SealedLength { get; set; }

    /// <summary>To the hour, like reports (see <see cref="StoredTime"/>).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public long? BundleSequence { get; set; }
}

/// <summary>One sealed chunk of an attachment.</summary>
public sealed class IntakeAttachmentChunk
{
    public Guid AttachmentId { get; set; }
    public int Index { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>A report bundle intake has numbered: reserved first, then written, then acknowledged by casework.</summary>
public sealed class OutboundBundle
{
    public long Sequence { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int RecordCount { get; set; }

    /// <summary>SHA-256 of the written file; null while reserved but not yet written.</summary>
    public string? Hash { get; set; }

    /// <summary>The signing key and signature of the written file, so that carrying it again after a key rotation
    /// gives the very same bytes; null while reserved but not yet written.</summary>
    public string? KeyId { get; set; }

    public byte[]? Signature { get; set; }

    public DateTimeOffset? WrittenAt { get; set; }

    /// <summary>When intake stopped keeping the bundle's sealed copies: casework named it as held (a status bundle's
    /// acknowledgement), or it was declared lost and <c>Retention/IntakeRetention</c> removed them after the
    /// period.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    /// <summary>When an operator at casework acknowledged this bundle as lost (<c>jebo transfer acknowledge-gap</c>),
    /// as a status bundle said; null otherwise, and again once casework holds it after all. Intake then no longer waits
    /// for it, but keeps its sealed copies for the retention period, so it can still be carried.</summary>
    public DateTimeOffset? DeclaredLostAt { get; set; }
}

/// <summary>A status bundle from casework that intake has applied.</summary>
public sealed class InboundStatusBundle
{
    public long Sequence { get; set; }
    public required string Hash { get; set; }

    /// <summary>The hash its header named before it, to check a late bundle that fills a gap below it.</summary>
    public string PreviousHash { get; set; } = "";

    public DateTimeOffset AppliedAt { get; set; }
    public int RecordCount { get; set; }
}

/// <summary>Status bundles an operator declared lost (<c>jebo transfer acknowledge-gap --zone intake</c>), so that
/// later ones are applied; a lost bundle that turns up after all is still applied.</summary>
public sealed class InboundStatusGap
{
    public Guid Id { get; set; }
    public long From { get; set; }
    public long Through { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public DateTimeOffset At { get; set; }
}
