using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Intake
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                    ReportId = table.Column<Guid>(type: "uuid", nullable: true),
                    Header = table.Column<byte[]>(type: "bytea", nullable: false),
                    Complete = table.Column<bool>(type: "boolean", nullable: false),
                    ChunkCount = table.Column<int>(type: "integer", nullable: false),
                    SealedLength = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BundleSequence = table.Column<long>(type: "bigint", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_attachments", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "follow_ups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sealed = table.Column<byte[]>(type: "bytea", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BundleSequence = table.Column<long>(type: "bigint", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_ups", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "inbound_status_bundles",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AppliedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_status_bundles", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "inbound_status_gaps",
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
                    table.PrimaryKey("PK_inbound_status_gaps", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "outbound_bundles",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RecordCount = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    KeyId = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Signature = table.Column<byte[]>(type: "bytea", nullable: true),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbound_bundles", x => x.Sequence);
                }
            );

            migrationBuilder.CreateTable(
                name: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    LookupId = table.Column<byte[]>(type: "bytea", nullable: false),
                    Sealed = table.Column<byte[]>(type: "bytea", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BundleSequence = table.Column<long>(type: "bigint", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Messages = table.Column<byte[]>(type: "bytea", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_attachments_BundleSequence",
                table: "attachments",
                column: "BundleSequence"
            );

            migrationBuilder.CreateIndex(name: "IX_attachments_CreatedAt", table: "attachments", column: "CreatedAt");

            migrationBuilder.CreateIndex(name: "IX_attachments_ReportId", table: "attachments", column: "ReportId");

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_BundleSequence",
                table: "follow_ups",
                column: "BundleSequence"
            );

            migrationBuilder.CreateIndex(
                name: "IX_inbound_status_gaps_Through",
                table: "inbound_status_gaps",
                column: "Through"
            );

            migrationBuilder.CreateIndex(
                name: "IX_outbound_bundles_AcknowledgedAt",
                table: "outbound_bundles",
                column: "AcknowledgedAt"
            );

            migrationBuilder.CreateIndex(name: "IX_reports_BundleSequence", table: "reports", column: "BundleSequence");

            migrationBuilder.CreateIndex(
                name: "IX_reports_LookupId",
                table: "reports",
                column: "LookupId",
                unique: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "attachment_chunks");

            migrationBuilder.DropTable(name: "attachments");

            migrationBuilder.DropTable(name: "follow_ups");

            migrationBuilder.DropTable(name: "inbound_status_bundles");

            migrationBuilder.DropTable(name: "inbound_status_gaps");

            migrationBuilder.DropTable(name: "outbound_bundles");

            migrationBuilder.DropTable(name: "reports");
        }
    }
}
