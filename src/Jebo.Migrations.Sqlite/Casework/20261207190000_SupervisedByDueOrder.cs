using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <summary>SQLite: an index on the very expression a list sorted by due date orders by (a case without a running
    /// deadline last: <c>COALESCE(NextDueAt, 9999-12-31)</c>, in Unix milliseconds, as <c>CaseQueries</c> writes it),
    /// by supervision, carrying the case id and the office. A province's supervised cases by deadline are then read
    /// in order and counted in the index alone, where SQLite read the province's hundred thousand cases through the
    /// office index and sorted them (docs/benchmarks.md). Not in the model: EF Core models no index on an expression.
    /// PostgreSQL needs none (its plan was already within the target).</summary>
    public partial class SupervisedByDueOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                "CREATE INDEX \"IX_cases_Supervised_DueOrder\" ON \"cases\" "
                    + "(\"Supervised\", COALESCE(\"NextDueAt\", 253402214400000), \"Id\", \"OfficeCode\");"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX \"IX_cases_Supervised_DueOrder\";");
        }
    }
}
