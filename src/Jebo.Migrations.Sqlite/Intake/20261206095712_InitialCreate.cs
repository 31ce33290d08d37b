using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Intake
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
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Index = table.Column<int>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false),
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Header = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Complete = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChunkCount = table.Column<int>(type: "INTEGER", nullable: false),
                    SealedLength = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BundleSequence = table.Column<long>(type: "INTEGER", nullable: true),
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BundleSequence = table.Column<long>(type: "INTEGER", nullable: true),
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordCount = table.Column<int>(type: "INTEGER", nullable: false),
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    Through = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
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
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: true),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    LookupId = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Sealed = table.Column<byte[]>(type: "BLOB", nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    BundleSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusUpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Messages = table.Column<byte[]>(type: "BLOB", nullable: true),
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
