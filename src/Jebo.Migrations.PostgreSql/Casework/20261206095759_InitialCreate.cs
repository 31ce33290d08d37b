using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "account_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Login = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RequestedByOffice = table.Column<string>(
                        type: "character varying(16)",
                        maxLength: 16,
                        nullable: false
                    ),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequesterHalf = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_requests", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "acknowledged_gaps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<long>(type: "bigint", nullable: false),
                    Through = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    By = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acknowledged_gaps", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CredentialStamp = table.Column<string>(
                        type: "character varying(32)",
                        maxLength: 32,
                        nullable: false
                    ),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "attachment_chunks",
                columns: table => new
                {
                    AttachmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Data = table.Column<byte[]>(type: "bytea", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachment_chunks", x => new { x.AttachmentId, x.Index });
                }
            );

            migrationBuilder.CreateTable(
                name: "attachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Cleaning = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Header = table.Column<byte[]>(type: "bytea", nullable: false),
                    ChunkCount = table.Column<int>(type: "integer", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachments", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "text", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    ActorOffice = table.Column<string>(type: "text", nullable: true),
                    Action = table.Column<string>(type: "text", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: true),
                    Details = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "callback_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Month = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    DrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Seed = table.Column<string>(type: "text", nullable: false),
                    CandidatesHash = table.Column<string>(type: "text", nullable: false),
                    CandidateCount = table.Column<int>(type: "integer", nullable: false),
                    ContactedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Satisfaction = table.Column<int>(type: "integer", nullable: true),
                    Note = table.Column<string>(type: "text", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_callback_samples", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "case_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Author = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_messages", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Region = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HasContact = table.Column<bool>(type: "boolean", nullable: false),
                    ContactDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ContactedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcceptanceDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectionReason = table.Column<string>(
                        type: "character varying(32)",
                        maxLength: 32,
                        nullable: true
                    ),
                    VerificationDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Result = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ResultSummary = table.Column<string>(type: "text", nullable: true),
                    ResultAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResultBy = table.Column<string>(type: "text", nullable: true),
                    ResultOffice = table.Column<string>(type: "text", nullable: true),
                    ReviewedBy = table.Column<string>(type: "text", nullable: true),
                    ReviewerOffice = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FeedbackDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FeedbackAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Supervised = table.Column<bool>(type: "boolean", nullable: false),
                    SupervisedBy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SupervisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProgressDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProgressMetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NextDueKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    EscalatedTo = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EscalatedFor = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    MergedInto = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PendingRequest = table.Column<string>(type: "text", nullable: true),
                    PendingBy = table.Column<string>(type: "text", nullable: true),
                    PendingOffice = table.Column<string>(type: "text", nullable: true),
                    PendingAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublicStatus = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PublicStatusAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_ups", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "inbound_bundles",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    Late = table.Column<bool>(type: "boolean", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_bundles", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "offices",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ParentCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Name = table.Column<string>(type: "text", nullable: false),
                    NameEn = table.Column<string>(type: "text", nullable: false),
                    NameZh = table.Column<string>(type: "text", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_offices", x => x.Code);
                }
            );

            migrationBuilder.CreateTable(
                name: "outbound_status_bundles",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Hash = table.Column<string>(type: "text", nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    AcknowledgedThrough = table.Column<long>(type: "bigint", nullable: false),
                    AcknowledgedCount = table.Column<long>(type: "bigint", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: true),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbound_status_bundles", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "pending_statuses",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pending_statuses", x => x.ReportId);
                }
            );

            migrationBuilder.CreateTable(
                name: "quarantined_bundles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "text", nullable: false),
                    Reason = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: true),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Folder = table.Column<string>(type: "text", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<string>(type: "text", nullable: true),
                    Resolution = table.Column<string>(type: "text", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quarantined_bundles", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "report_screenings",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    Scope = table.Column<int>(type: "integer", nullable: false),
                    Completeness = table.Column<int>(type: "integer", nullable: false),
                    Reasons = table.Column<string>(type: "text", nullable: false),
                    Entities = table.Column<string>(type: "text", nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: false),
                    ScreenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_report_screenings", x => x.ReportId);
                }
            );

            migrationBuilder.CreateTable(
                name: "reporter_contacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Outcome = table.Column<string>(type: "text", nullable: false),
                    Actor = table.Column<string>(type: "text", nullable: false),
                    ActorOffice = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporter_contacts", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "reporter_identities",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true),
                    Phone = table.Column<string>(type: "text", nullable: true),
                    ContactConsent = table.Column<bool>(type: "boolean", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporter_identities", x => x.ReportId);
                }
            );

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "text", nullable: false),
                    OriginCaseId = table.Column<string>(type: "text", nullable: true),
                    JoinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BundleSequence = table.Column<long>(type: "bigint", nullable: false),
                    Content = table
                        .Column<string>(type: "text", nullable: false)
                        .Annotation("Npgsql:Compression:", "lz4"),
                    FeedbackKey = table.Column<byte[]>(type: "bytea", nullable: false),
                    Marks = table.Column<string>(type: "text", nullable: false),
                    HasIdentity = table.Column<bool>(type: "boolean", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "staff_users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Login = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OfficeCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: false),
                    TotpSecret = table.Column<byte[]>(type: "bytea", nullable: true),
                    TotpLastStep = table.Column<long>(type: "bigint", nullable: true),
                    PledgeVersion = table.Column<int>(type: "integer", nullable: true),
                    PledgeAcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PledgeMethod = table.Column<string>(type: "text", nullable: true),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    CredentialsIssuedBy = table.Column<string>(
                        type: "character varying(140)",
                        maxLength: 140,
                        nullable: true
                    ),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    LastFailedSignInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KnownBrowserFailures = table.Column<int>(type: "integer", nullable: false),
                    KnownBrowserLastFailedAt = table.Column<DateTimeOffset>(
                        type: "timestamp with time zone",
                        nullable: true
                    ),
                    KnownBrowserLockedUntil = table.Column<DateTimeOffset>(
                        type: "timestamp with time zone",
                        nullable: true
                    ),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DisabledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_users", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_account_requests_Decision_OfficeCode",
                table: "account_requests",
                columns: new[] { "Decision", "OfficeCode" }
            );

            migrationBuilder.CreateIndex(
                name: "IX_acknowledged_gaps_Through",
                table: "acknowledged_gaps",
                column: "Through"
            );

            migrationBuilder.CreateIndex(name: "IX_api_tokens_Hash", table: "api_tokens", column: "Hash", unique: true);

            migrationBuilder.CreateIndex(name: "IX_api_tokens_UserId", table: "api_tokens", column: "UserId");

            migrationBuilder.CreateIndex(name: "IX_attachments_CaseId", table: "attachments", column: "CaseId");

            migrationBuilder.CreateIndex(name: "IX_attachments_ReportId", table: "attachments", column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Action_At",
                table: "audit_entries",
                columns: new[] { "Action", "At" }
            );

            migrationBuilder.CreateIndex(name: "IX_audit_entries_Actor", table: "audit_entries", column: "Actor");

            migrationBuilder.CreateIndex(name: "IX_audit_entries_At", table: "audit_entries", column: "At");

            migrationBuilder.CreateIndex(name: "IX_audit_entries_CaseId", table: "audit_entries", column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_callback_samples_Month_Position",
                table: "callback_samples",
                columns: new[] { "Month", "Position" },
                unique: true
            );

            migrationBuilder.CreateIndex(name: "IX_case_messages_CaseId", table: "case_messages", column: "CaseId");

            migrationBuilder.CreateIndex(name: "IX_cases_EscalatedTo", table: "cases", column: "EscalatedTo");

            migrationBuilder.CreateIndex(name: "IX_cases_MergedInto", table: "cases", column: "MergedInto");

            migrationBuilder.CreateIndex(name: "IX_cases_NextDueAt", table: "cases", column: "NextDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_OfficeCode_Status",
                table: "cases",
                columns: new[] { "OfficeCode", "Status" }
            );

            migrationBuilder.CreateIndex(name: "IX_cases_ReceivedAt", table: "cases", column: "ReceivedAt");

            migrationBuilder.CreateIndex(name: "IX_follow_ups_ReportId", table: "follow_ups", column: "ReportId");

            migrationBuilder.CreateIndex(name: "IX_offices_ParentCode", table: "offices", column: "ParentCode");

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_bundles_Hash",
                table: "quarantined_bundles",
                column: "Hash"
            );

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_bundles_ResolvedAt",
                table: "quarantined_bundles",
                column: "ResolvedAt"
            );

            migrationBuilder.CreateIndex(
                name: "IX_report_screenings_CaseId",
                table: "report_screenings",
                column: "CaseId"
            );

            migrationBuilder.CreateIndex(
                name: "IX_reporter_contacts_CaseId",
                table: "reporter_contacts",
                column: "CaseId"
            );

            migrationBuilder.CreateIndex(
                name: "IX_reporter_contacts_ReportId",
                table: "reporter_contacts",
                column: "ReportId"
            );

            migrationBuilder.CreateIndex(name: "IX_reports_CaseId", table: "reports", column: "CaseId");

            migrationBuilder.CreateIndex(name: "IX_reports_OriginCaseId", table: "reports", column: "OriginCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_staff_users_Login",
                table: "staff_users",
                column: "Login",
                unique: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "account_requests");

            migrationBuilder.DropTable(name: "acknowledged_gaps");

            migrationBuilder.DropTable(name: "api_tokens");

            migrationBuilder.DropTable(name: "attachment_chunks");

            migrationBuilder.DropTable(name: "attachments");

            migrationBuilder.DropTable(name: "audit_checkpoints");

            migrationBuilder.DropTable(name: "audit_entries");

            migrationBuilder.DropTable(name: "callback_samples");

            migrationBuilder.DropTable(name: "case_messages");

            migrationBuilder.DropTable(name: "cases");

            migrationBuilder.DropTable(name: "follow_ups");

            migrationBuilder.DropTable(name: "inbound_bundles");

            migrationBuilder.DropTable(name: "offices");

            migrationBuilder.DropTable(name: "outbound_status_bundles");

            migrationBuilder.DropTable(name: "pending_statuses");

            migrationBuilder.DropTable(name: "quarantined_bundles");

            migrationBuilder.DropTable(name: "report_screenings");

            migrationBuilder.DropTable(name: "reporter_contacts");

            migrationBuilder.DropTable(name: "reporter_identities");

            migrationBuilder.DropTable(name: "reports");

            migrationBuilder.DropTable(name: "staff_users");
        }
    }
}
