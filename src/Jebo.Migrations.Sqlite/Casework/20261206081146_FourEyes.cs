using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class FourEyes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "JoinedAt",
                table: "reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PendingAt",
                table: "cases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingBy",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingOffice",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingRequest",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultOffice",
                table: "cases",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "JoinedAt",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "PendingAt",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "PendingBy",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "PendingOffice",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "PendingRequest",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "ResultOffice",
                table: "cases");
        }
    }
}
