using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jebo.Migrations.Sqlite.Intake
{
    /// <inheritdoc />
    public partial class FollowUpAttachments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(name: "FollowUpId", table: "attachments", type: "TEXT", nullable: true);

            migrationBuilder.CreateIndex(name: "IX_attachments_FollowUpId", table: "attachments", column: "FollowUpId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "IX_attachments_FollowUpId", table: "attachments");

            migrationBuilder.DropColumn(name: "FollowUpId", table: "attachments");
        }
    }
}
