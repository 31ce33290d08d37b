using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Intake
{
    /// <inheritdoc />
    public partial class PendingInOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_reports_BundleSequence", table: "reports");

            migrationBuilder.DropIndex(name: "IX_follow_ups_BundleSequence", table: "follow_ups");

            migrationBuilder.CreateIndex(
                name: "IX_reports_BundleSequence_ReceivedAt_Id",
                table: "reports",
                columns: new[] { "BundleSequence", "ReceivedAt", "Id" }
            );

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_BundleSequence_ReceivedAt_Id",
                table: "follow_ups",
                columns: new[] { "BundleSequence", "ReceivedAt", "Id" }
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_reports_BundleSequence_ReceivedAt_Id", table: "reports");

            migrationBuilder.DropIndex(name: "IX_follow_ups_BundleSequence_ReceivedAt_Id", table: "follow_ups");

            migrationBuilder.CreateIndex(name: "IX_reports_BundleSequence", table: "reports", column: "BundleSequence");

            migrationBuilder.CreateIndex(
                name: "IX_follow_ups_BundleSequence",
                table: "follow_ups",
                column: "BundleSequence"
            );
        }
    }
}
