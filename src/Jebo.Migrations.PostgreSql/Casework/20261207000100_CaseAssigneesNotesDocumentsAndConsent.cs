using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class CaseAssigneesNotesDocumentsAndConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Contactable",
                table: "reports",
                type: "boolean",
                nullable: false,
                defaultValue: false
            );

            migrationBuilder.AddColumn<string>(name: "Note", table: "reporter_contacts", type: "text", nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "reporter_contacts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "verification"
            );

            migrationBuilder.AddColumn<string>(
                name: "Assignee",
                table: "cases",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "online"
            );

            // The defaults above only fill the rows that exist; new rows always carry their values, and the schema
            // keeps no column the database fills (BulkInsertTests).
            migrationBuilder.AlterColumn<bool>(
                name: "Contactable",
                table: "reports",
                type: "boolean",
                nullable: false,
                oldClrType: typeof(bool),
                oldType: "boolean",
                oldDefaultValue: false
            );

            migrationBuilder.AlterColumn<string>(
                name: "Purpose",
                table: "reporter_contacts",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldDefaultValue: "verification"
            );

            migrationBuilder.AlterColumn<string>(
                name: "Source",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldDefaultValue: "online"
            );

            migrationBuilder.CreateTable(
                name: "case_documents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sealed = table.Column<byte[]>(type: "bytea", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AddedOffice = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_documents", x => x.Id);
                }
            );

            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Author = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AuthorOffice = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_cases_Assignee_ReceivedAt",
                table: "cases",
                columns: new[] { "Assignee", "ReceivedAt" }
            );

            migrationBuilder.CreateIndex(name: "IX_case_documents_CaseId", table: "case_documents", column: "CaseId");

            migrationBuilder.CreateIndex(name: "IX_case_notes_CaseId", table: "case_notes", column: "CaseId");

            // The contact deadline and the callback follow the reporter's consent (issue 15): a report's reporter is
            // contactable when they gave a phone and consented; a case keeps its contact deadline only when one of
            // its reports is, and its next deadline is found again among the others when it was the contact one.
            migrationBuilder.Sql(
                """
                UPDATE reports SET "Contactable" = true WHERE "Id" IN (
                    SELECT "ReportId" FROM reporter_identities
                    WHERE "ContactConsent" = true AND "Phone" IS NOT NULL AND TRIM("Phone") <> '');
                UPDATE cases SET "HasContact" = false, "ContactDueAt" = NULL, "ContactedAt" = NULL
                WHERE "HasContact" = true AND NOT EXISTS (
                    SELECT 1 FROM reports r WHERE r."CaseId" = cases."Id" AND r."Contactable" = true);
                UPDATE cases SET
                    "NextDueAt" = CASE
                        WHEN "Status" IN ('received', 'screened') THEN "AcceptanceDueAt"
                        WHEN "Status" IN ('accepted', 'assigned', 'in-verification') THEN "VerificationDueAt"
                        WHEN "Status" IN ('result-recorded', 'reviewed') AND "FeedbackAt" IS NULL THEN "FeedbackDueAt"
                        END,
                    "NextDueKind" = CASE
                        WHEN "Status" IN ('received', 'screened') THEN 'acceptance'
                        WHEN "Status" IN ('accepted', 'assigned', 'in-verification') THEN 'verification'
                        WHEN "Status" IN ('result-recorded', 'reviewed') AND "FeedbackAt" IS NULL THEN 'feedback'
                        END
                WHERE "NextDueKind" = 'contact' AND "HasContact" = false;
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "case_documents");

            migrationBuilder.DropTable(name: "case_notes");

            migrationBuilder.DropIndex(name: "IX_cases_Assignee_ReceivedAt", table: "cases");

            migrationBuilder.DropColumn(name: "Contactable", table: "reports");

            migrationBuilder.DropColumn(name: "Note", table: "reporter_contacts");

            migrationBuilder.DropColumn(name: "Purpose", table: "reporter_contacts");

            migrationBuilder.DropColumn(name: "Assignee", table: "cases");

            migrationBuilder.DropColumn(name: "Source", table: "cases");
        }
    }
}
