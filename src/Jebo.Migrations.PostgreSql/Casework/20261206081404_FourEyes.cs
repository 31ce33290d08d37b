using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class FourEyes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "JoinedAt",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PendingAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingBy",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingOffice",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingRequest",
                table: "cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResultOffice",
                table: "cases",
                type: "text",
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
