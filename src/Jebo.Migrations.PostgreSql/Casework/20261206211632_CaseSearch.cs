using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class CaseSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_documents",
                columns: table => new
                {
                    Number = table.Column<long>(type: "bigint", nullable: false),
                    ReportId = table.Column<Guid>(type: "uuid", nullable: false),
                    Terms = table.Column<string>(type: "text", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_documents", x => x.Number);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_search_documents_ReportId",
                table: "search_documents",
                column: "ReportId"
            );

            migrationBuilder
                .CreateIndex(name: "IX_search_documents_Terms", table: "search_documents", column: "Terms")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:TsVectorConfig", "simple");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "search_documents");
        }
    }
}
