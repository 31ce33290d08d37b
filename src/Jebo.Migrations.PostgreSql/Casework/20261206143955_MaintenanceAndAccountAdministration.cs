using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class MaintenanceAndAccountAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastSignedInAt",
                table: "staff_users",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SessionsEndedAt",
                table: "staff_users",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "ToOfficeCode",
                table: "account_requests",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "LastSignedInAt", table: "staff_users");

            migrationBuilder.DropColumn(name: "SessionsEndedAt", table: "staff_users");

            migrationBuilder.DropColumn(name: "ToOfficeCode", table: "account_requests");
        }
    }
}
