using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
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
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Terms = table.Column<string>(type: "TEXT", nullable: false),
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

            // The full-text index over the terms (Jebo.Casework/Search): FTS5 with its own row kept by triggers, keyed
            // by the integer Number, words split by unicode61 (the terms are letters and digits already, Korean and
            // Chinese in pairs); secure-delete so that what retention purges leaves the index at once.
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE search_index USING fts5(Terms, content='search_documents', "
                    + "content_rowid='Number', tokenize='unicode61 remove_diacritics 0');"
            );
            migrationBuilder.Sql("INSERT INTO search_index(search_index, rank) VALUES('secure-delete', 1);");
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN "
                    + "INSERT INTO search_index(rowid, Terms) VALUES (new.Number, new.Terms); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN "
                    + "INSERT INTO search_index(search_index, rowid, Terms) "
                    + "VALUES ('delete', old.Number, old.Terms); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN "
                    + "INSERT INTO search_index(search_index, rowid, Terms) VALUES ('delete', old.Number, old.Terms); "
                    + "INSERT INTO search_index(rowid, Terms) VALUES (new.Number, new.Terms); END;"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE search_index;");
            migrationBuilder.DropTable(name: "search_documents");
        }
    }
}
