using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class OversightCallbacksAndSupervision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(name: "DisputedAt", table: "cases", type: "INTEGER", nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReverifyOffice",
                table: "cases",
                type: "TEXT",
                maxLength: 16,
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "SupervisionLevel",
                table: "cases",
                type: "TEXT",
                maxLength: 16,
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "CalledBy",
                table: "callback_samples",
                type: "TEXT",
                maxLength: 64,
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "callback_samples",
                type: "TEXT",
                maxLength: 16,
                nullable: true
            );

            migrationBuilder.AddColumn<bool>(
                name: "Disputes",
                table: "callback_samples",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "Office",
                table: "callback_samples",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: ""
            );

            // The default only fills the rows that exist; new rows carry their value, and the schema keeps no column
            // the database fills (BulkInsertTests).
            migrationBuilder.AlterColumn<string>(
                name: "Office",
                table: "callback_samples",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 16,
                oldDefaultValue: ""
            );

            migrationBuilder.AddColumn<bool>(
                name: "Reached",
                table: "callback_samples",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.CreateIndex(name: "IX_cases_ReverifyOffice", table: "cases", column: "ReverifyOffice");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cases_ReverifyOffice", table: "cases");

            migrationBuilder.DropColumn(name: "DisputedAt", table: "cases");

            migrationBuilder.DropColumn(name: "ReverifyOffice", table: "cases");

            migrationBuilder.DropColumn(name: "SupervisionLevel", table: "cases");

            migrationBuilder.DropColumn(name: "CalledBy", table: "callback_samples");

            migrationBuilder.DropColumn(name: "Channel", table: "callback_samples");

            migrationBuilder.DropColumn(name: "Disputes", table: "callback_samples");

            migrationBuilder.DropColumn(name: "Office", table: "callback_samples");

            migrationBuilder.DropColumn(name: "Reached", table: "callback_samples");
        }
    }
}
