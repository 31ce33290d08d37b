using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class RelatedClueFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(name: "Keys", table: "report_screenings", type: "TEXT", nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Script",
                table: "report_screenings",
                type: "TEXT",
                maxLength: 1,
                nullable: true
            );

            migrationBuilder.AddColumn<byte[]>(name: "Terms", table: "report_screenings", type: "BLOB", nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "NearDuplicate",
                table: "case_relations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false
            );

            // The default only fills the rows that exist; new rows carry their value, and the schema keeps no column
            // the database fills (BulkInsertTests). On SQLite this rebuilds case_relations, which no search trigger
            // reads.
            migrationBuilder.AlterColumn<bool>(
                name: "NearDuplicate",
                table: "case_relations",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(bool),
                oldType: "INTEGER",
                oldDefaultValue: false
            );

            migrationBuilder.AddColumn<string>(name: "Reasons", table: "case_relations", type: "TEXT", nullable: true);

            migrationBuilder.CreateTable(
                name: "follow_up_screenings",
                columns: table => new
                {
                    FollowUpId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Keys = table.Column<string>(type: "TEXT", nullable: false),
                    Terms = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Script = table.Column<string>(type: "TEXT", maxLength: 1, nullable: false),
                    ScreenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_screenings", x => x.FollowUpId);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_screenings_ReportId",
                table: "follow_up_screenings",
                column: "ReportId"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "follow_up_screenings");

            migrationBuilder.DropColumn(name: "Keys", table: "report_screenings");

            migrationBuilder.DropColumn(name: "Script", table: "report_screenings");

            migrationBuilder.DropColumn(name: "Terms", table: "report_screenings");

            migrationBuilder.DropColumn(name: "NearDuplicate", table: "case_relations");

            migrationBuilder.DropColumn(name: "Reasons", table: "case_relations");
        }
    }
}
