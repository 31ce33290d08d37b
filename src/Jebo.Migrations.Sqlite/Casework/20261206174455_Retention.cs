using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_retention",
                columns: table => new
                {
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    HeldAt = table.Column<long>(type: "INTEGER", nullable: true),
                    HeldBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HeldOffice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    HoldReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IdentitiesPurgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ContentPurgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_retention", x => x.CaseId);
                }
            );

            migrationBuilder.CreateIndex(name: "IX_case_retention_HeldAt", table: "case_retention", column: "HeldAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "case_retention");
        }
    }
}
