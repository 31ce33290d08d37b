using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class CasesReceivedCovering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cases_ReceivedAt", table: "cases");

            migrationBuilder.CreateIndex(
                name: "IX_cases_ReceivedAt",
                table: "cases",
                columns: new[] { "ReceivedAt", "Id", "OfficeCode" }
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cases_ReceivedAt", table: "cases");

            migrationBuilder.CreateIndex(name: "IX_cases_ReceivedAt", table: "cases", column: "ReceivedAt");
        }
    }
}
