using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class CaseReferralAndUnreadFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FollowUpsUnreadSince",
                table: "cases",
                type: "INTEGER",
                nullable: true
            );

            migrationBuilder.AddColumn<string>(
                name: "ReferredTo",
                table: "cases",
                type: "TEXT",
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
