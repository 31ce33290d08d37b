using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <summary>Each search document knows the office holding its case, and the FTS5 index holds it as a second column,
    /// so a search narrows to a jurisdiction inside the index instead of reading every match (docs/benchmarks.md).
    /// Triggers keep the office when a case changes office (assign, transfer, reclassify, refer) or a report changes
    /// case (merge, unmerge), however the row is written.</summary>
    public partial class SearchScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER search_documents_insert;");
            migrationBuilder.Sql("DROP TRIGGER search_documents_delete;");
            migrationBuilder.Sql("DROP TRIGGER search_documents_update;");
            migrationBuilder.Sql("DROP TABLE search_index;");
            // The table is made anew with the office of each document's case (EF would add the column with a default
            // and rebuild the table at the end of the migration, after the triggers below that name it; the schema
            // keeps no column the database fills: BulkInsertTests).
            migrationBuilder.Sql(
                "CREATE TABLE ef_temp_search_documents (Number INTEGER NOT NULL CONSTRAINT PK_search_documents "
                    + "PRIMARY KEY, Office TEXT NOT NULL, ReportId TEXT NOT NULL, Terms TEXT NOT NULL);"
            );
            migrationBuilder.Sql(
                "INSERT INTO ef_temp_search_documents (Number, Office, ReportId, Terms) "
                    + "SELECT d.Number, COALESCE((SELECT c.OfficeCode FROM reports AS r "
                    + "JOIN cases AS c ON c.Id = r.CaseId WHERE r.Id = d.ReportId), ''), d.ReportId, d.Terms "
                    + "FROM search_documents AS d;"
            );
            migrationBuilder.Sql("DROP TABLE search_documents;");
            migrationBuilder.Sql("ALTER TABLE ef_temp_search_documents RENAME TO search_documents;");
            migrationBuilder.Sql("CREATE INDEX IX_search_documents_ReportId ON search_documents (ReportId);");
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE search_index USING fts5(Terms, Office, content='search_documents', "
                    + "content_rowid='Number', tokenize='unicode61 remove_diacritics 0');"
            );
            migrationBuilder.Sql("INSERT INTO search_index(search_index, rank) VALUES('secure-delete', 1);");
            migrationBuilder.Sql("INSERT INTO search_index(search_index) VALUES('rebuild');");
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_insert AFTER INSERT ON search_documents BEGIN "
                    + "INSERT INTO search_index(rowid, Terms, Office) VALUES (new.Number, new.Terms, new.Office); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_delete AFTER DELETE ON search_documents BEGIN "
                    + "INSERT INTO search_index(search_index, rowid, Terms, Office) "
                    + "VALUES ('delete', old.Number, old.Terms, old.Office); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER search_documents_update AFTER UPDATE ON search_documents BEGIN "
                    + "INSERT INTO search_index(search_index, rowid, Terms, Office) "
                    + "VALUES ('delete', old.Number, old.Terms, old.Office); "
                    + "INSERT INTO search_index(rowid, Terms, Office) VALUES (new.Number, new.Terms, new.Office); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER cases_office_search AFTER UPDATE OF OfficeCode ON cases "
                    + "WHEN old.OfficeCode IS NOT new.OfficeCode BEGIN "
                    + "UPDATE search_documents SET Office = new.OfficeCode "
                    + "WHERE ReportId IN (SELECT Id FROM reports WHERE CaseId = new.Id); END;"
            );
            migrationBuilder.Sql(
                "CREATE TRIGGER reports_case_search AFTER UPDATE OF CaseId ON reports "
                    + "WHEN old.CaseId IS NOT new.CaseId BEGIN "
                    + "UPDATE search_documents "
                    + "SET Office = COALESCE((SELECT OfficeCode FROM cases WHERE Id = new.CaseId), '') "
                    + "WHERE ReportId = new.Id; END;"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER reports_case_search;");
            migrationBuilder.Sql("DROP TRIGGER cases_office_search;");
            migrationBuilder.Sql("DROP TRIGGER search_documents_insert;");
            migrationBuilder.Sql("DROP TRIGGER search_documents_delete;");
            migrationBuilder.Sql("DROP TRIGGER search_documents_update;");
            migrationBuilder.Sql("DROP TABLE search_index;");
            migrationBuilder.Sql(
                "CREATE TABLE ef_temp_search_documents (Number INTEGER NOT NULL CONSTRAINT PK_search_documents "
                    + "PRIMARY KEY, ReportId TEXT NOT NULL, Terms TEXT NOT NULL);"
            );
            migrationBuilder.Sql(
                "INSERT INTO ef_temp_search_documents (Number, ReportId, Terms) "
                    + "SELECT Number, ReportId, Terms FROM search_documents;"
            );
            migrationBuilder.Sql("DROP TABLE search_documents;");
            migrationBuilder.Sql("ALTER TABLE ef_temp_search_documents RENAME TO search_documents;");
            migrationBuilder.Sql("CREATE INDEX IX_search_documents_ReportId ON search_documents (ReportId);");
            migrationBuilder.Sql(
                "CREATE VIRTUAL TABLE search_index USING fts5(Terms, content='search_documents', "
                    + "content_rowid='Number', tokenize='unicode61 remove_diacritics 0');"
            );
            migrationBuilder.Sql("INSERT INTO search_index(search_index, rank) VALUES('secure-delete', 1);");
            migrationBuilder.Sql("INSERT INTO search_index(search_index) VALUES('rebuild');");
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
    }
}
