using System.Globalization;
using Jebo.Casework.Staff;

namespace Jebo.Cli;

/// <summary><c>jebo users add</c> and <c>jebo users token</c>: the operator's break-glass on the casework machine itself.</summary>
/// <remarks>Security: whoever runs these already holds the zone's disk (database and keys), so the two-administrator
/// rule of the admin pages (<see cref="StaffAdministration"/>) would not stop them; instead every account made here is
/// audited as <c>account.break-glass</c> by actor <c>cli</c> and, for a role that sees identities, raises a security
/// alert, so the other administrators and the auditors see it the same day.</remarks>
public static class UsersCommand
{
    public const string CliActor = "cli";

    public static async Task<int> RunAsync(Arguments arguments, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        var action = arguments.Words.Count > 1 ? arguments.Words[1] : throw new UsageException("usage: jebo users add|token ...");
        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, Transfer.ZoneName.Casework);
        await using var casework = ZoneServices.Casework(settings);
        var accounts = casework.Get<StaffAccounts>();
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
                    arguments.Has("pledge-signed"), mustChangePassword: false, CliActor, null, onTheMachine: true, cancellationToken);
                await output.WriteLineAsync($"created {user.Login} ({user.Role} at {user.OfficeCode}); pledge {(user.PledgeVersion is null ? "to be accepted at first sign-in" : "recorded (paper)")}");
                return 0;
            case "token":
                arguments.AllowOnly("login", "days");
                var lifetime = arguments.Has("days")
                    ? TimeSpan.FromDays(arguments.WholeNumber("days", 0, 1, TokenRules.MaxDays))
                    : settings.Casework.TokenLifetime;
                var token = await accounts.IssueTokenAsync(arguments.Require("login"), CliActor, lifetime, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"personal API token, expires {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC (shown once; keep it secret):"));
                await output.WriteLineAsync(token.Value);
                return 0;
            default:
                throw new UsageException($"unknown users action '{action}'");
        }
    }
}
