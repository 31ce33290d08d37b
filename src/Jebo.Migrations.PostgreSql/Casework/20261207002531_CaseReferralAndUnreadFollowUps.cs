using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.PostgreSql.Casework
{
    /// <inheritdoc />
    public partial class CaseReferralAndUnreadFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FollowUpsUnreadSince",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "ReferredTo",
                table: "cases",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true
            );

            migrationBuilder.CreateIndex(
                name: "IX_cases_FollowUpsUnreadSince",
                table: "cases",
                column: "FollowUpsUnreadSince"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_cases_FollowUpsUnreadSince", table: "cases");

            migrationBuilder.DropColumn(name: "FollowUpsUnreadSince", table: "cases");

            migrationBuilder.DropColumn(name: "ReferredTo", table: "cases");
        }
    }
}
