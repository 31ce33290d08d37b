using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class RewardClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(name: "RewardClaimedAt", table: "cases", type: "INTEGER", nullable: true);

            migrationBuilder.CreateTable(
                name: "reward_claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Phone = table.Column<string>(type: "TEXT", nullable: false),
                    Bank = table.Column<string>(type: "TEXT", nullable: false),
                    Account = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", nullable: true),
                    ProposedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ProposedOffice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DecidedOffice = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reward_claims", x => x.Id);
                }
            );

            migrationBuilder.CreateIndex(name: "IX_cases_RewardClaimedAt", table: "cases", column: "RewardClaimedAt");

            migrationBuilder.CreateIndex(name: "IX_reward_claims_CaseId", table: "reward_claims", column: "CaseId");

            migrationBuilder.CreateIndex(name: "IX_reward_claims_ReportId", table: "reward_claims", column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "reward_claims");

            migrationBuilder.DropIndex(name: "IX_cases_RewardClaimedAt", table: "cases");

            migrationBuilder.DropColumn(name: "RewardClaimedAt", table: "cases");
        }
    }
}
