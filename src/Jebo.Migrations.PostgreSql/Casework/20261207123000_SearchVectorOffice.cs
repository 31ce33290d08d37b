using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <summary>The stored <c>"Vector"</c> also holds its document's office, as the lexeme <c>§</c> and the office
    /// code, so that a search narrowed to a province or a district is answered by the GIN index alone: the query is the
    /// search's phrases and one of the offices' lexemes. With the office beside the vector in a B-tree, PostgreSQL
    /// built a bitmap of a common word's matches in the whole country and another of the province's hundred thousand
    /// documents, and intersected them (the search for <c>보호비</c> in Busan at a million cases, 85–150 ms;
    /// docs/benchmarks.md). No text is parsed into that lexeme: words are parsed by the <c>simple</c> configuration,
    /// which drops <c>§</c>, so a search's own words cannot match an office. The column follows the office as the
    /// triggers of migration SearchScope move it with its case.</summary>
    public partial class SearchVectorOffice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE search_documents DROP COLUMN "Vector";
                ALTER TABLE search_documents
                    ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
                        to_tsvector('simple', "Terms") || array_to_tsvector(ARRAY['§' || "Office"])
                    ) STORED;
                CREATE INDEX "IX_search_documents_Vector" ON search_documents USING GIN ("Vector");
                ANALYZE search_documents;
                """
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                ALTER TABLE search_documents DROP COLUMN "Vector";
                ALTER TABLE search_documents
                    ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Terms")) STORED;
                CREATE INDEX "IX_search_documents_Vector" ON search_documents USING GIN ("Vector");
                ANALYZE search_documents;
                """
            );
        }
    }
}
