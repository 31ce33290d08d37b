using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class AccountSeparationAndTokenExpiry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CredentialsIssuedBy",
                table: "staff_users",
                type: "TEXT",
                maxLength: 140,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "KnownBrowserFailures",
                table: "staff_users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "KnownBrowserLastFailedAt",
                table: "staff_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "KnownBrowserLockedUntil",
                table: "staff_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastFailedSignInAt",
                table: "staff_users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CredentialStamp",
                table: "api_tokens",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "api_tokens",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "account_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Login = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    OfficeCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RequestedByOffice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RequesterHalf = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_account_requests", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_account_requests_Decision_OfficeCode",
                table: "account_requests",
                columns: new[] { "Decision", "OfficeCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_requests");

            migrationBuilder.DropColumn(
                name: "CredentialsIssuedBy",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "KnownBrowserFailures",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "KnownBrowserLastFailedAt",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "KnownBrowserLockedUntil",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "LastFailedSignInAt",
                table: "staff_users");

            migrationBuilder.DropColumn(
                name: "CredentialStamp",
                table: "api_tokens");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "api_tokens");
        }
    }
}
