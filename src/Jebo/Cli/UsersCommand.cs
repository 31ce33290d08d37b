using System.Globalization;
using Jebo.Casework.Staff;

namespace Jebo.Cli;

/// <summary><c>jebo users add|token|list|set|revoke-tokens</c>: the operator's break-glass on the casework machine
/// itself.</summary>
/// <remarks>Security: whoever runs these already holds the zone's disk (database and keys), so the two-administrator
/// rule of the admin pages (<see cref="StaffAdministration"/>) would not stop them; instead every account made or
/// changed here is audited by actor <c>cli</c>, as <c>account.break-glass</c> when it leaves an account in a role that
/// sees identities (or an administrator), which raises a security alert, so the other administrators and the auditors
/// see it the same day. The rule that keeps an enabled national administrator holds here too.</remarks>
public static class UsersCommand
{
    public const string CliActor = "cli";

    public static async Task<int> RunAsync(
        Arguments arguments,
        TextReader input,
        TextWriter output,
        CancellationToken cancellationToken
    )
    {
        var action =
            arguments.Words.Count > 1
                ? arguments.Words[1]
                : throw new UsageException("usage: jebo users add|token|list|set|revoke-tokens ...");
        CheckUsage(action, arguments);
        var settings = JeboSettings.From(arguments, null);
        ZoneServices.Require(settings, Transfer.ZoneName.Casework);
        await using var casework = ZoneServices.Casework(settings);
        var accounts = casework.Get<StaffAccounts>();
        try
        {
            return action switch
            {
                "add" => await AddAsync(arguments, input, output, accounts, cancellationToken),
                "token" => await TokenAsync(arguments, output, settings, accounts, cancellationToken),
                "list" => await ListAsync(output, accounts, cancellationToken),
                "set" => await SetAsync(arguments, output, accounts, cancellationToken),
                "revoke-tokens" => await RevokeTokensAsync(arguments, output, accounts, cancellationToken),
                _ => throw new UsageException($"unknown users action '{action}'"),
            };
        }
        catch (AccountRefusedException e) when (e.Refusal == AccountRefusal.LastNationalAdministrator)
        {
            throw new CommandFailedException(
                "refused: this is the last enabled national administrator; make or enable another one first"
            );
        }
    }

    /// <summary>Bad usage is said before the data folder is looked at, so a mistyped command is named as such on any
    /// machine (exit 2) rather than as a missing zone.</summary>
    private static void CheckUsage(string action, Arguments arguments)
    {
        arguments.AllowOnly(
            action switch
            {
                "add" => ["login", "office", "role", "password-stdin", "pledge-signed"],
                "token" => ["login", "days"],
                "set" => ["login", "role", "office", "disabled"],
                "revoke-tokens" => ["login"],
                "list" => [],
                _ => throw new UsageException($"unknown users action '{action}'"),
            }
        );
        string[] required = action switch
        {
            "add" => ["login", "office", "role"],
            "list" => [],
            _ => ["login"],
        };
        foreach (var name in required)
        {
            arguments.Require(name);
        }
    }

    private static async Task<int> AddAsync(
        Arguments arguments,
        TextReader input,
        TextWriter output,
        StaffAccounts accounts,
        CancellationToken cancellationToken
    )
    {
        if (!arguments.Has("password-stdin"))
        {
            throw new UsageException("give the password on standard input with --password-stdin");
        }

        var password = (await input.ReadLineAsync(cancellationToken))?.TrimEnd('\r') ?? "";
        var user = await accounts.AddAsync(
            arguments.Require("login"),
            arguments.Require("office"),
            arguments.Require("role"),
            password,
            arguments.Has("pledge-signed"),
            mustChangePassword: false,
            CliActor,
            null,
            onTheMachine: true,
            cancellationToken
        );
        await output.WriteLineAsync(
            $"created {user.Login} ({user.Role} at {user.OfficeCode}); pledge "
                + $"{(user.PledgeVersion is null ? "to be accepted at first sign-in" : "recorded (paper)")}"
        );
        return 0;
    }

    private static async Task<int> TokenAsync(
        Arguments arguments,
        TextWriter output,
        JeboSettings settings,
        StaffAccounts accounts,
        CancellationToken cancellationToken
    )
    {
        var lifetime = arguments.Has("days")
            ? TimeSpan.FromDays(arguments.WholeNumber("days", 0, 1, TokenRules.MaxDays))
            : settings.Casework.TokenLifetime;
        var token = await accounts.IssueTokenAsync(arguments.Require("login"), CliActor, lifetime, cancellationToken);
        await output.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"personal API token, expires {token.ExpiresAt:yyyy-MM-dd HH:mm} UTC (shown once; keep it secret):"
            )
        );
        await output.WriteLineAsync(token.Value);
        return 0;
    }

    /// <summary>Every account as a table: login, role, office, whether disabled, and the last completed sign-in
    /// (UTC).</summary>
    private static async Task<int> ListAsync(
        TextWriter output,
        StaffAccounts accounts,
        CancellationToken cancellationToken
    )
    {
        var users = await accounts.ListAsync(cancellationToken);
        string[] header = ["login", "role", "office", "disabled", "last sign-in (UTC)"];
        var rows = users
            .Select(u =>
                new[]
                {
                    u.Login,
                    u.Role,
                    u.OfficeCode,
                    u.DisabledAt is null ? "no" : "yes",
                    u.LastSignedInAt is { } at
                        ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                        : "never",
                }
            )
            .Prepend(header)
            .ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return 0;
    }

    private static async Task<int> SetAsync(
        Arguments arguments,
        TextWriter output,
        StaffAccounts accounts,
        CancellationToken cancellationToken
    )
    {
        var login = arguments.Require("login");
        var disabled = arguments.Get("disabled") switch
        {
            null => (bool?)null,
            "true" => true,
            "false" => false,
            var other => throw new UsageException($"--disabled must be true or false, not '{other}'"),
        };
        var (role, office) = (arguments.Get("role"), arguments.Get("office"));
        if (role is null && office is null && disabled is null)
        {
            throw new UsageException("give at least one of --role, --office, --disabled");
        }

        var user = await accounts.SetOnTheMachineAsync(login, role, office, disabled, CliActor, cancellationToken);
        await output.WriteLineAsync(
            $"{user.Login}: {user.Role} at {user.OfficeCode}, "
                + $"{(user.DisabledAt is null ? "enabled" : "disabled: it can neither sign in nor use a token")} "
                + $"(audited)"
        );
        return 0;
    }

    private static async Task<int> RevokeTokensAsync(
        Arguments arguments,
        TextWriter output,
        StaffAccounts accounts,
        CancellationToken cancellationToken
    )
    {
        var login = arguments.Require("login");
        var user = (await accounts.ListAsync(cancellationToken)).SingleOrDefault(u => u.Login == login)
            ?? throw new StaffAccountException($"no account '{login}'");
        var revoked = await accounts.EndSessionsAsync(user.Id, CliActor, null, cancellationToken);
        await output.WriteLineAsync(
            string.Create(
                CultureInfo.InvariantCulture,
                $"{login} signed out everywhere: {revoked} token(s) revoked, every web session ended (audited)"
            )
        );
        return 0;
    }
}
