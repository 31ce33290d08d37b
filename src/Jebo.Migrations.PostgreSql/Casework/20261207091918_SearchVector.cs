using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <summary>The full-text index moves from an expression, <c>to_tsvector('simple', "Terms")</c>, to a stored
    /// column generated from it, <c>"Vector"</c>. Search queries are phrases of bigrams (<c>'보호' &lt;-&gt; '호비'</c>),
    /// which the GIN index cannot answer alone: every candidate row was checked again by parsing its terms, and the
    /// newest-first window read thousands of rows that way (280–780 ms at a million cases; docs/benchmarks.md). A
    /// stored vector is parsed once, when the row is written. The column is outside the EF model: nothing reads it
    /// into an entity, and BulkInsert names its columns, so PostgreSQL fills it for every insert.</summary>
    public partial class SearchVector : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_search_documents_Terms", table: "search_documents");
            migrationBuilder.Sql(
                """
                ALTER TABLE search_documents
                    ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Terms")) STORED;
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
                DROP INDEX "IX_search_documents_Vector";
                ALTER TABLE search_documents DROP COLUMN "Vector";
                """
            );
            migrationBuilder
                .CreateIndex(name: "IX_search_documents_Terms", table: "search_documents", column: "Terms")
                .Annotation("Npgsql:IndexMethod", "GIN")
                .Annotation("Npgsql:TsVectorConfig", "simple");
        }
    }
}
