using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    RelatedCaseId = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Similarity = table.Column<double>(type: "double precision", nullable: false),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    JoinAskedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    JoinAskedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    JoinAskedOffice = table.Column<string>(
                        type: "character varying(16)",
                        maxLength: 16,
                        nullable: true
                    ),
                    JoinReason = table.Column<string>(type: "text", nullable: true),
                    DismissedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DismissedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
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
