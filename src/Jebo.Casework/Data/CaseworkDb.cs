using Jebo.Storage;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Data;

/// <summary>The casework zone's database: offices, staff, reports and cases, the audit chain and the transfer
/// log.</summary>
public sealed class CaseworkDb(DbContextOptions<CaseworkDb> options) : DbContext(options)
{
    public DbSet<Office> Offices => Set<Office>();
    public DbSet<StaffUser> Users => Set<StaffUser>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AccountRequest> AccountRequests => Set<AccountRequest>();
    public DbSet<PledgeText> PledgeTexts => Set<PledgeText>();
    public DbSet<PledgeAcceptance> PledgeAcceptances => Set<PledgeAcceptance>();
    public DbSet<CaseRecord> Cases => Set<CaseRecord>();
    public DbSet<ReportRecord> Reports => Set<ReportRecord>();
    public DbSet<ReporterIdentity> ReporterIdentities => Set<ReporterIdentity>();
    public DbSet<RewardClaimRecord> RewardClaims => Set<RewardClaimRecord>();
    public DbSet<FollowUpRecord> FollowUps => Set<FollowUpRecord>();
    public DbSet<CaseMessage> CaseMessages => Set<CaseMessage>();
    public DbSet<ReporterContact> ReporterContacts => Set<ReporterContact>();
    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();
    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<AuditCheckpoint> AuditCheckpoints => Set<AuditCheckpoint>();
    public DbSet<InboundBundle> InboundBundles => Set<InboundBundle>();
    public DbSet<QuarantinedBundle> QuarantinedBundles => Set<QuarantinedBundle>();
    public DbSet<AcknowledgedGap> AcknowledgedGaps => Set<AcknowledgedGap>();
    public DbSet<OutboundStatusBundle> OutboundStatusBundles => Set<OutboundStatusBundle>();
    public DbSet<PendingStatus> PendingStatuses => Set<PendingStatus>();
    public DbSet<ReportScreening> ReportScreenings => Set<ReportScreening>();
    public DbSet<CaseRelation> CaseRelations => Set<CaseRelation>();
    public DbSet<FollowUpScreening> FollowUpScreenings => Set<FollowUpScreening>();
    public DbSet<CallbackSample> CallbackSamples => Set<CallbackSample>();
    public DbSet<SmsMessage> SmsOutbox => Set<SmsMessage>();
    public DbSet<AttachmentRecord> Attachments => Set<AttachmentRecord>();
    public DbSet<AttachmentChunkRecord> AttachmentChunks => Set<AttachmentChunkRecord>();
    public DbSet<CaseRetention> Retention => Set<CaseRetention>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        UtcTimestamps.Configure(configurationBuilder, Database.IsSqlite());

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Office>(e =>
        {
            e.ToTable("offices");
            e.HasKey(o => o.Code);
            e.Property(o => o.Code).HasMaxLength(16);
            e.Property(o => o.ParentCode).HasMaxLength(16);
            e.HasIndex(o => o.ParentCode);
        });
        modelBuilder.Entity<StaffUser>(e =>
        {
            e.ToTable("staff_users");
            e.HasKey(u => u.Id);
            e.HasIndex(u => u.Login).IsUnique();
            e.Property(u => u.Login).HasMaxLength(64);
            e.Property(u => u.OfficeCode).HasMaxLength(16);
            e.Property(u => u.Role).HasMaxLength(32);
            e.Property(u => u.CredentialsIssuedBy).HasMaxLength(140);
        });
        modelBuilder.Entity<AccountRequest>(e =>
        {
            e.ToTable("account_requests");
            e.HasKey(r => r.Id);
            e.Property(r => r.Kind).HasMaxLength(32);
            e.Property(r => r.Login).HasMaxLength(64);
            e.Property(r => r.OfficeCode).HasMaxLength(16);
            e.Property(r => r.ToOfficeCode).HasMaxLength(16);
            e.Property(r => r.Role).HasMaxLength(32);
            e.Property(r => r.RequestedBy).HasMaxLength(64);
            e.Property(r => r.RequestedByOffice).HasMaxLength(16);
            e.Property(r => r.RequesterHalf).HasMaxLength(64);
            e.Property(r => r.DecidedBy).HasMaxLength(64);
            e.Property(r => r.Decision).HasMaxLength(16);
            e.HasIndex(r => new { r.Decision, r.OfficeCode });
        });
        modelBuilder.Entity<PledgeText>(e =>
        {
            e.ToTable("pledge_texts");
            e.HasKey(p => p.Version);
            e.Property(p => p.Version).ValueGeneratedNever();
            e.Property(p => p.WrittenBy).HasMaxLength(64);
        });
        modelBuilder.Entity<PledgeAcceptance>(e =>
        {
            e.ToTable("pledge_acceptances");
            e.HasKey(a => new { a.UserId, a.Version });
            // "Who has accepted the current version" is one indexed range.
            e.HasIndex(a => a.Version);
            e.Property(a => a.Method).HasMaxLength(8);
            e.Property(a => a.Witness).HasMaxLength(64);
            e.Property(a => a.RecordedBy).HasMaxLength(64);
        });
        modelBuilder.Entity<ApiToken>(e =>
        {
            e.ToTable("api_tokens");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.Property(t => t.CredentialStamp).HasMaxLength(32);
        });
        modelBuilder.Entity<CaseRecord>(e =>
        {
            e.ToTable("cases");
            e.HasKey(c => c.Id);
            e.Property(c => c.Id).HasMaxLength(20);
            e.Property(c => c.Status).HasMaxLength(32);
            e.Property(c => c.OfficeCode).HasMaxLength(16);
            e.Property(c => c.Category).HasMaxLength(64);
            e.Property(c => c.Region).HasMaxLength(16);
            e.HasIndex(c => new { c.OfficeCode, c.Status });
            // The list in the order of receipt, covering what a page of a jurisdiction needs to find its place: read
            // through it (CaseQueries.InReceivedOrder), SQLite skips a deep page's cases in the index alone, where it
            // read each skipped case's row for its office (page 500 of a province at a million cases: 110-160 ms
            // before, docs/benchmarks.md).
            e.HasIndex(nameof(CaseRecord.ReceivedAt), nameof(CaseRecord.Id), nameof(CaseRecord.OfficeCode))
                .HasDatabaseName("IX_cases_ReceivedAt");
            e.HasIndex(c => c.NextDueAt);
            // The supervised cases by their next deadline, the supervisors' list (docs/benchmarks.md: without it a
            // million cases were read to find the 2% supervised).
            e.HasIndex(c => new { c.Supervised, c.NextDueAt });
            e.HasIndex(c => c.EscalatedTo);
            e.HasIndex(c => c.MergedInto);
            e.HasIndex(c => c.ProtectionDueAt);
            e.HasIndex(c => c.RewardClaimedAt);
            e.Property(c => c.Version).IsConcurrencyToken();
            e.Property(c => c.Result).HasMaxLength(32);
            e.Property(c => c.ResultAgency).HasMaxLength(32);
            e.Property(c => c.ReferredTo).HasMaxLength(200);
            e.HasIndex(c => c.FollowUpsUnreadSince);
            // The screening queue: screened cases, the highest priority first, then the acceptance deadline.
            e.HasIndex(c => new
            {
                c.Status,
                c.ScreeningPriority,
                c.AcceptanceDueAt,
            });
            e.HasIndex(c => c.RepetitionFlaggedAt);
            e.Property(c => c.RepetitionKind).HasMaxLength(16);
            e.Property(c => c.RejectionReason).HasMaxLength(32);
            e.Property(c => c.NextDueKind).HasMaxLength(32);
            e.Property(c => c.EscalatedTo).HasMaxLength(16);
            e.Property(c => c.EscalatedFor).HasMaxLength(32);
            e.Property(c => c.SupervisedBy).HasMaxLength(16);
            e.Property(c => c.SupervisionLevel).HasMaxLength(16);
            e.Property(c => c.ReverifyOffice).HasMaxLength(16);
            e.HasIndex(c => c.ReverifyOffice);
            e.Property(c => c.ReviewerOffice).HasMaxLength(16);
            e.Property(c => c.MergedInto).HasMaxLength(20);
            e.Property(c => c.PublicStatus).HasMaxLength(32);
            e.Property(c => c.Source).HasMaxLength(16);
            e.Property(c => c.Assignee).HasMaxLength(64);
            // "My cases": a person's list is one indexed range.
            e.HasIndex(c => new { c.Assignee, c.ReceivedAt });
        });
        modelBuilder.Entity<ReportRecord>(e =>
        {
            e.ToTable("reports");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.CaseId);
            e.HasIndex(r => r.OriginCaseId);
            if (Database.IsNpgsql())
            {
                // A report's content is a few KiB of JSON, which PostgreSQL compresses when it stores it out of line:
                // LZ4 does that several times faster than the default pglz, and import writes ten thousand at a time
                // (docs/benchmarks.md). PostgreSQL 14 or later built with LZ4, as the distributions' packages are.
                e.Property(r => r.Content).UseCompressionMethod("lz4");
            }
        });
        modelBuilder.Entity<ReporterIdentity>(e =>
        {
            e.ToTable("reporter_identities");
            e.HasKey(r => r.ReportId);
            e.HasIndex(r => r.ContactHash);
            e.Property(r => r.ContactHash).HasMaxLength(64);
        });
        modelBuilder.Entity<RewardClaimRecord>(e =>
        {
            e.ToTable("reward_claims");
            e.HasKey(r => r.Id);
            e.HasIndex(r => r.CaseId);
            e.HasIndex(r => r.ReportId);
            e.Property(r => r.CaseId).HasMaxLength(20);
            e.Property(r => r.State).HasMaxLength(16);
            e.Property(r => r.ProposedBy).HasMaxLength(64);
            e.Property(r => r.ProposedOffice).HasMaxLength(16);
            e.Property(r => r.DecidedBy).HasMaxLength(64);
            e.Property(r => r.DecidedOffice).HasMaxLength(16);
        });
        modelBuilder.Entity<FollowUpRecord>(e =>
        {
            e.ToTable("follow_ups");
            e.HasKey(f => f.Id);
            e.HasIndex(f => f.ReportId);
            // Follow-ups flooding one receipt are counted over the last day (Screening/RepetitionWatch).
            e.HasIndex(f => f.ReceivedAt);
        });
        modelBuilder.Entity<CaseMessage>(e =>
        {
            e.ToTable("case_messages");
            e.HasKey(m => m.Id);
            e.HasIndex(m => m.CaseId);
        });
        modelBuilder.Entity<ReporterContact>(e =>
        {
            e.ToTable("reporter_contacts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => x.ReportId);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.Purpose).HasMaxLength(16);
        });
        modelBuilder.Entity<CaseNote>(e =>
        {
            e.ToTable("case_notes");
            e.HasKey(n => n.Id);
            e.HasIndex(n => n.CaseId);
            e.Property(n => n.CaseId).HasMaxLength(20);
            e.Property(n => n.Author).HasMaxLength(64);
            e.Property(n => n.AuthorOffice).HasMaxLength(16);
        });
        modelBuilder.Entity<CaseDocument>(e =>
        {
            e.ToTable("case_documents");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.CaseId);
            e.Property(d => d.CaseId).HasMaxLength(20);
            e.Property(d => d.FileName).HasMaxLength(255);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.Property(d => d.AddedBy).HasMaxLength(64);
            e.Property(d => d.AddedOffice).HasMaxLength(16);
        });
        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_entries");
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.HasIndex(a => a.CaseId);
            e.HasIndex(a => a.Actor);
            // The auditor's period filter and the security alerts' counts of one kind of entry in a recent window.
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.Action, a.At });
        });
        modelBuilder.Entity<AuditCheckpoint>(e =>
        {
            e.ToTable("audit_checkpoints");
            e.HasKey(c => c.Sequence);
            e.Property(c => c.Sequence).ValueGeneratedNever();
        });
        modelBuilder.Entity<InboundBundle>(e =>
        {
            e.ToTable("inbound_bundles");
            e.HasKey(b => b.Sequence);
            e.Property(b => b.Sequence).ValueGeneratedNever();
            e.Property(b => b.Hash).HasMaxLength(64);
            e.Property(b => b.PreviousHash).HasMaxLength(64);
        });
        modelBuilder.Entity<AcknowledgedGap>(e =>
        {
            e.ToTable("acknowledged_gaps");
            e.HasKey(g => g.Id);
            e.HasIndex(g => g.Through);
            e.Property(g => g.Reason).HasMaxLength(1000);
            e.Property(g => g.By).HasMaxLength(128);
        });
        modelBuilder.Entity<QuarantinedBundle>(e =>
        {
            e.ToTable("quarantined_bundles");
            e.HasKey(b => b.Id);
            e.HasIndex(b => b.ResolvedAt);
            e.HasIndex(b => b.Hash);
            e.Property(b => b.Hash).HasMaxLength(64);
        });
        modelBuilder.Entity<OutboundStatusBundle>(e =>
        {
            e.ToTable("outbound_status_bundles");
            e.HasKey(b => b.Sequence);
            e.Property(b => b.Sequence).ValueGeneratedNever();
        });
        modelBuilder.Entity<AttachmentRecord>(e =>
        {
            e.ToTable("attachments");
            e.HasKey(a => a.Id);
            e.HasIndex(a => a.ReportId);
            e.HasIndex(a => a.CaseId);
            e.Property(a => a.CaseId).HasMaxLength(20);
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(100);
            e.Property(a => a.Cleaning).HasMaxLength(32);
            e.Property(a => a.Sha256).HasMaxLength(64);
        });
        modelBuilder.Entity<AttachmentChunkRecord>(e =>
        {
            e.ToTable("attachment_chunks");
            e.HasKey(c => new { c.AttachmentId, c.Index });
        });
        modelBuilder.Entity<PendingStatus>(e =>
        {
            e.ToTable("pending_statuses");
            e.HasKey(p => p.ReportId);
        });
        modelBuilder.Entity<CallbackSample>(e =>
        {
            e.ToTable("callback_samples");
            e.HasKey(s => s.Id);
            e.HasIndex(s => new { s.Month, s.Position }).IsUnique();
            e.Property(s => s.Month).HasMaxLength(7);
            e.Property(s => s.Office).HasMaxLength(16);
            e.Property(s => s.Channel).HasMaxLength(16);
            e.Property(s => s.CalledBy).HasMaxLength(64);
        });
        modelBuilder.Entity<SmsMessage>(e =>
        {
            e.ToTable("sms_outbox");
            e.HasKey(m => m.Id);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.CaseId);
            e.HasIndex(m => new
            {
                m.ReportId,
                m.Purpose,
                m.QueuedAt,
            });
            e.Property(m => m.CaseId).HasMaxLength(20);
            e.Property(m => m.Purpose).HasMaxLength(16);
            e.Property(m => m.Language).HasMaxLength(8);
            e.Property(m => m.Text).HasMaxLength(400);
            e.Property(m => m.Status).HasMaxLength(16);
            e.Property(m => m.LastError).HasMaxLength(64);
            e.Property(m => m.GatewayReference).HasMaxLength(64);
        });
        modelBuilder.Entity<SearchDocument>(e =>
        {
            e.ToTable("search_documents");
            e.HasKey(d => d.Number);
            e.Property(d => d.Number).ValueGeneratedNever();
            e.HasIndex(d => d.ReportId);
            e.Property(d => d.Office).HasMaxLength(16);
            if (Database.IsNpgsql())
            {
                // The full-text index (Search/CaseSearch) is on a stored tsvector column the migration SearchVector
                // adds outside the model, generated from Terms, so that no query parses Terms again; SQLite's is the
                // FTS5 table its migration makes beside it, over the terms and the office.
                e.HasIndex(d => new { d.Office, d.Number });
            }
        });
        modelBuilder.Entity<ReportScreening>(e =>
        {
            e.ToTable("report_screenings");
            e.HasKey(s => s.ReportId);
            e.HasIndex(s => s.CaseId);
            e.HasIndex(s => s.Triage);
            e.Property(s => s.Script).HasMaxLength(1);
        });
        modelBuilder.Entity<FollowUpScreening>(e =>
        {
            e.ToTable("follow_up_screenings");
            e.HasKey(s => s.FollowUpId);
            e.HasIndex(s => s.ReportId);
            e.Property(s => s.Script).HasMaxLength(1);
        });
        modelBuilder.Entity<CaseRelation>(e =>
        {
            e.ToTable("case_relations");
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.CaseId, r.RelatedCaseId }).IsUnique();
            e.HasIndex(r => r.RelatedCaseId);
            e.Property(r => r.CaseId).HasMaxLength(20);
            e.Property(r => r.RelatedCaseId).HasMaxLength(20);
            e.Property(r => r.JoinAskedBy).HasMaxLength(64);
            e.Property(r => r.JoinAskedOffice).HasMaxLength(16);
            e.Property(r => r.DismissedBy).HasMaxLength(64);
        });
        modelBuilder.Entity<CaseRetention>(e =>
        {
            e.ToTable("case_retention");
            e.HasKey(r => r.CaseId);
            e.Property(r => r.CaseId).HasMaxLength(20);
            e.Property(r => r.HeldBy).HasMaxLength(64);
            e.Property(r => r.HeldOffice).HasMaxLength(16);
            e.Property(r => r.HoldReason).HasMaxLength(1000);
            e.HasIndex(r => r.HeldAt);
        });
    }
}
