using Jebo.Casework;
using Jebo.Casework.Audit;
using Jebo.Casework.Staff;

namespace Jebo.Cli;

/// <summary><c>jebo users add</c> and <c>jebo users token</c>.</summary>
public static class UsersCommand
{
    public const string CliActor = "cli";

    public static async Task<int> RunAsync(Arguments arguments, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException("usage: jebo users add|token ...");
        var settings = JeboSettings.From(arguments, null);
        await using var db = CaseworkZone.OpenDatabase(settings.Casework);
        var accounts = new StaffAccounts(db, new AuditLog(db, TimeProvider.System), TimeProvider.System);
        switch (action)
        {
            case "add":
                arguments.AllowOnly("login", "office", "role", "password-stdin", "pledge-signed");
                if (!arguments.Has("password-stdin"))
                {
                    throw new UsageException("give the password on standard input with --password-stdin");
                }

                var password = (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r') ?? "";
                var user = await accounts.AddAsync(arguments.Require("login"), arguments.Require("office"), arguments.Require("role"), password,
                    arguments.Has("pledge-signed"), mustChangePassword: false, CliActor, null, cancellationToken);
                await output.WriteLineAsync($"created {user.Login} ({user.Role} at {user.OfficeCode}); pledge {(user.PledgeVersion is null ? "to be accepted at first sign-in" : "recorded (paper)")}");
                return 0;
            case "token":
                arguments.AllowOnly("login");
                var token = await accounts.IssueTokenAsync(arguments.Require("login"), CliActor, cancellationToken);
                await output.WriteLineAsync("personal API token (shown once; keep it secret):");
                await output.WriteLineAsync(token);
                return 0;
            default:
                throw new UsageException($"unknown users action '{action}'");
        }
    }
}
