using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Casework
{
    /// <inheritdoc />
    public partial class PledgeRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pledge_acceptances",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Witness = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pledge_acceptances", x => new { x.UserId, x.Version });
                }
            );

            migrationBuilder.CreateTable(
                name: "pledge_texts",
                columns: table => new
                {
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    TextEn = table.Column<string>(type: "TEXT", nullable: false),
                    TextZh = table.Column<string>(type: "TEXT", nullable: false),
                    WrittenBy = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pledge_texts", x => x.Version);
                }
            );

            migrationBuilder.CreateIndex(
                name: "IX_pledge_acceptances_Version",
                table: "pledge_acceptances",
                column: "Version"
            );

            // The first pledge is the text the platform shipped with (Staff/Pledge.cs until this migration), so
            // nobody who accepted it is asked again; the acceptances kept on the accounts start the register.
            migrationBuilder.Sql(
                "INSERT INTO pledge_texts (\"Version\", \"Text\", \"TextEn\", \"TextZh\", \"WrittenBy\", "
                    + "\"PublishedAt\") VALUES (1, "
                    + "'나는 제보와 사건에서 알게 된 모든 것, 특히 제보자가 누구인지를 비밀로 지킨다. 나에게 맡겨진 단서를 "
                    + "확인하는 데에만 쓰고, 기밀망 밖으로 절대 옮기지 않으며, 유출을 "
                    + "알게 되면 즉시 보고한다. 나의 모든 열람과 조치가 기록됨을 안다.', "
                    + "'I will keep secret everything I learn from reports and cases, above all who "
                    + "the reporters are. I will use it only for verifying the clues I am given, "
                    + "never copy it out of the confidential network, and report any leak at once. "
                    + "I know every view and action of mine is recorded.', "
                    + "'我将对从举报和案件中获知的一切严格保密，尤其是举报人的身份。"
                    + "我只将其用于核查分配给我的线索，绝不将其带出涉密网络，发现泄密立即报告。"
                    + "我知道我的每一次查看和操作都会被记录。', "
                    + "NULL, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER))"
            );
            migrationBuilder.Sql(
                "INSERT INTO pledge_acceptances (\"UserId\", \"Version\", \"AcceptedAt\", \"Method\", "
                    + "\"RecordedBy\", \"RecordedAt\") SELECT \"Id\", 1, \"PledgeAcceptedAt\", "
                    + "COALESCE(\"PledgeMethod\", 'web'), NULL, NULL FROM staff_users "
                    + "WHERE \"PledgeVersion\" = 1 AND \"PledgeAcceptedAt\" IS NOT NULL"
            );
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(name: "pledge_acceptances");

            migrationBuilder.DropTable(name: "pledge_texts");
        }
    }
}
