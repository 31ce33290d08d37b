using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class ScreeningPriorityAndRepetition : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactHash",
                table: "reporter_identities",
                type: "TEXT",
                maxLength: 64,
                nullable: true
            );

            migrationBuilder.AddColumn<int>(
                name: "Triage",
                table: "report_screenings",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "TriageReasons",
                table: "report_screenings",
                type: "TEXT",
                nullable: true
            );

            migrationBuilder.AddColumn<long>(
                name: "OutOfScopeSuggestedAt",
                table: "cases",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<int>(name: "RepetitionCount", table: "cases", type: "INTEGER", nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RepetitionFlaggedAt",
                table: "cases",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<long>(
                name: "RepetitionJudgedAt",
                table: "cases",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "RepetitionKind",
                table: "cases",
                type: "TEXT",
                maxLength: 16,
                nullable: true
            );

            migrationBuilder.AddColumn<int>(name: "ScreeningPriority", table: "cases", type: "INTEGER", nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_reporter_identities_ContactHash",
                table: "reporter_identities",
                column: "ContactHash"
            );

            migrationBuilder.CreateIndex(
                name: "IX_report_screenings_Triage",
                table: "report_screenings",
                column: "Triage"
            );

            migrationBuilder.CreateIndex(name: "IX_follow_ups_ReceivedAt", table: "follow_ups", column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_cases_RepetitionFlaggedAt",
                table: "cases",
                column: "RepetitionFlaggedAt"
            );

            migrationBuilder.CreateIndex(
                name: "IX_cases_Status_ScreeningPriority_AcceptanceDueAt",
                table: "cases",
                columns: new[] { "Status", "ScreeningPriority", "AcceptanceDueAt" }
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_reporter_identities_ContactHash", table: "reporter_identities");

            migrationBuilder.DropIndex(name: "IX_report_screenings_Triage", table: "report_screenings");

            migrationBuilder.DropIndex(name: "IX_follow_ups_ReceivedAt", table: "follow_ups");

            migrationBuilder.DropIndex(name: "IX_cases_RepetitionFlaggedAt", table: "cases");

            migrationBuilder.DropIndex(name: "IX_cases_Status_ScreeningPriority_AcceptanceDueAt", table: "cases");

            // SQLite's own DROP COLUMN, not a rebuild of the tables: rebuilding cases or reports would drop the
            // search triggers on them (docs/casework.md).
            migrationBuilder.Sql("ALTER TABLE \"reporter_identities\" DROP COLUMN \"ContactHash\";");
            migrationBuilder.Sql("ALTER TABLE \"report_screenings\" DROP COLUMN \"Triage\";");
            migrationBuilder.Sql("ALTER TABLE \"report_screenings\" DROP COLUMN \"TriageReasons\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"OutOfScopeSuggestedAt\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"RepetitionCount\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"RepetitionFlaggedAt\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"RepetitionJudgedAt\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"RepetitionKind\";");
            migrationBuilder.Sql("ALTER TABLE \"cases\" DROP COLUMN \"ScreeningPriority\";");
        }
    }
}
