using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
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
                    CaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HeldBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    HeldOffice = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    HoldReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    IdentitiesPurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ContentPurgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
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
