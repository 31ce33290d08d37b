using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <summary>Each search document knows the office holding its case, indexed with the document's number, so a search
    /// narrows to a jurisdiction through the indexes instead of reading every match (docs/benchmarks.md). Triggers
    /// keep the office when a case changes office (assign, transfer, reclassify, refer) or a report changes case
    /// (merge, unmerge), however the row is written.</summary>
    public partial class SearchScope : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Office",
                table: "search_documents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: ""
            );
            migrationBuilder.Sql(
                """
                UPDATE search_documents AS d SET "Office" = c."OfficeCode"
                FROM reports AS r JOIN cases AS c ON c."Id" = r."CaseId"
                WHERE r."Id" = d."ReportId";
                """
            );
            // The default above only fills the rows that exist; new rows always carry their office, and the schema
            // keeps no column the database fills (BulkInsertTests).
            migrationBuilder.AlterColumn<string>(
                name: "Office",
                table: "search_documents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16,
                oldDefaultValue: ""
            );
            migrationBuilder.CreateIndex(
                name: "IX_search_documents_Office_Number",
                table: "search_documents",
                columns: new[] { "Office", "Number" }
            );
            migrationBuilder.Sql(
                """
                CREATE FUNCTION search_documents_follow_case() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE search_documents SET "Office" = NEW."OfficeCode"
                    WHERE "ReportId" IN (SELECT "Id" FROM reports WHERE "CaseId" = NEW."Id");
                    RETURN NULL;
                END $$;
                CREATE TRIGGER cases_office_search AFTER UPDATE OF "OfficeCode" ON cases FOR EACH ROW
                    WHEN (OLD."OfficeCode" IS DISTINCT FROM NEW."OfficeCode")
                    EXECUTE FUNCTION search_documents_follow_case();
                CREATE FUNCTION search_documents_follow_report() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE search_documents
                    SET "Office" = COALESCE((SELECT "OfficeCode" FROM cases WHERE "Id" = NEW."CaseId"), '')
                    WHERE "ReportId" = NEW."Id";
                    RETURN NULL;
                END $$;
                CREATE TRIGGER reports_case_search AFTER UPDATE OF "CaseId" ON reports FOR EACH ROW
                    WHEN (OLD."CaseId" IS DISTINCT FROM NEW."CaseId")
                    EXECUTE FUNCTION search_documents_follow_report();
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                DROP TRIGGER reports_case_search ON reports;
                DROP FUNCTION search_documents_follow_report();
                DROP TRIGGER cases_office_search ON cases;
                DROP FUNCTION search_documents_follow_case();
                """
            );
            migrationBuilder.DropIndex(name: "IX_search_documents_Office_Number", table: "search_documents");
            migrationBuilder.DropColumn(name: "Office", table: "search_documents");
        }
    }
}
