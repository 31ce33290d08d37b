using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Intake
{
    /// <inheritdoc />
    public partial class ReporterResultAndConversation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(name: "Result", table: "reports", type: "bytea", nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "ReporterCopy",
                table: "follow_ups",
                type: "bytea",
                nullable: true
            );

            migrationBuilder.CreateIndex(name: "IX_follow_ups_ReportId", table: "follow_ups", column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_follow_ups_ReportId", table: "follow_ups");

            migrationBuilder.DropColumn(name: "Result", table: "reports");

            migrationBuilder.DropColumn(name: "ReporterCopy", table: "follow_ups");
        }
    }
}
