using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true
            );

            migrationBuilder.AddColumn<int>(
                name: "Triage",
                table: "report_screenings",
                type: "integer",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "TriageReasons",
                table: "report_screenings",
                type: "text",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OutOfScopeSuggestedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<int>(name: "RepetitionCount", table: "cases", type: "integer", nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RepetitionFlaggedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RepetitionJudgedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "RepetitionKind",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true
            );

            migrationBuilder.AddColumn<int>(name: "ScreeningPriority", table: "cases", type: "integer", nullable: true);

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

            migrationBuilder.DropColumn(name: "ContactHash", table: "reporter_identities");

            migrationBuilder.DropColumn(name: "Triage", table: "report_screenings");

            migrationBuilder.DropColumn(name: "TriageReasons", table: "report_screenings");

            migrationBuilder.DropColumn(name: "OutOfScopeSuggestedAt", table: "cases");

            migrationBuilder.DropColumn(name: "RepetitionCount", table: "cases");

            migrationBuilder.DropColumn(name: "RepetitionFlaggedAt", table: "cases");

            migrationBuilder.DropColumn(name: "RepetitionJudgedAt", table: "cases");

            migrationBuilder.DropColumn(name: "RepetitionKind", table: "cases");

            migrationBuilder.DropColumn(name: "ScreeningPriority", table: "cases");
        }
    }
}
