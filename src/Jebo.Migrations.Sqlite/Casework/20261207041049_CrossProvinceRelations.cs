using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class CrossProvinceRelations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_relations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RelatedCaseId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Similarity = table.Column<double>(type: "REAL", nullable: false),
                    FoundAt = table.Column<long>(type: "INTEGER", nullable: false),
                    JoinAskedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    JoinAskedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    JoinAskedOffice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    JoinReason = table.Column<string>(type: "TEXT", nullable: true),
                    DismissedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DismissedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_relations", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_case_relations_CaseId_RelatedCaseId",
                table: "case_relations",
                columns: new[] { "CaseId", "RelatedCaseId" },
                unique: true
            );

            migrationBuilder.CreateIndex(
                name: "IX_case_relations_RelatedCaseId",
                table: "case_relations",
                column: "RelatedCaseId"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "case_relations");
        }
    }
}
