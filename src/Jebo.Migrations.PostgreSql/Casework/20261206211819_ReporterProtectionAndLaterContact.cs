using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class ReporterProtectionAndLaterContact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ContactSince",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProtectionRequestedAt",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProtectionAcknowledgedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProtectionDueAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ProtectionRequestedAt",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<bool>(
                name: "Urgent",
                table: "cases",
                type: "boolean",
                nullable: false,
                defaultValue: false
            );

            // The default only fills the rows that exist; new rows carry their value, and the schema keeps no column
            // the database fills (BulkInsertTests).
            migrationBuilder.AlterColumn<bool>(
                name: "Urgent",
                table: "cases",
                type: "boolean",
                nullable: false,
                oldClrType: typeof(bool),
                oldType: "boolean",
                oldDefaultValue: false
            );

            migrationBuilder.CreateIndex(name: "IX_cases_ProtectionDueAt", table: "cases", column: "ProtectionDueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cases_ProtectionDueAt", table: "cases");

            migrationBuilder.DropColumn(name: "ContactSince", table: "reports");

            migrationBuilder.DropColumn(name: "ProtectionRequestedAt", table: "reports");

            migrationBuilder.DropColumn(name: "ProtectionAcknowledgedAt", table: "cases");

            migrationBuilder.DropColumn(name: "ProtectionDueAt", table: "cases");

            migrationBuilder.DropColumn(name: "ProtectionRequestedAt", table: "cases");

            migrationBuilder.DropColumn(name: "Urgent", table: "cases");
        }
    }
}
