using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class MaintenanceAndAccountAdministration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastSignedInAt",
                table: "staff_users",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<long>(
                name: "SessionsEndedAt",
                table: "staff_users",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "ToOfficeCode",
                table: "account_requests",
                type: "TEXT",
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
