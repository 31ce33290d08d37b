using System.Data.Common;
using System.Reflection;
using Jebo.Storage;
using Jebo.Transfer;

namespace Jebo.Cli;

/// <summary>Dispatches a verb to its command; maps failures to the exit statuses of CONTRACT.md
/// (0 success, 1 failure with a one-line reason, 2 bad usage).</summary>
public static class CommandLine
{
    public const string Usage = """
        usage: jebo [VERB] [options] | jebo --version
          up                      both zones on this machine (default)
          intake | casework       one zone alone
          init [--zone Z]         create keys and databases, apply migrations (idempotent)
          db migrate [--zone Z]   apply migrations to the configured databases (creates a missing one if allowed)
          users add --login L --office CODE --role ROLE --password-stdin [--pledge-signed]
          users token --login L   print a new personal API token
          users list              every account: login, role, office, disabled, last sign-in
          users set --login L [--role R] [--office CODE] [--disabled true|false]   change an account (audited)
          users revoke-tokens --login L   sign the account out everywhere: tokens revoked, web sessions ended
          maintenance on [--message TEXT] | off   pause or resume intake's taking of reports (look-ups keep working)
          retention run [--dry-run] [--zone Z]    purge what the retention periods let go (dry run: change nothing)
          retention hold|lift --case ID --reason TEXT   set or lift a case's legal hold (audited)
          transfer export --to DIR [--zone Z] [--from N]   write bundles for carrying by hand
                                                           (intake: reports; casework: status)
          transfer import --from DIR [--zone Z]            apply carried bundles; exit 1 naming any refused
          transfer status | verify FILE                    where each zone stands; check one bundle, changing nothing
          transfer acknowledge-gap --through N --reason T [--zone Z]  declare bundles lost so later ones apply (audited)
          transfer quarantine list [--all] [--zone Z] | resolve --id ID --reason T [--zone Z]   bundles put aside
          keys export --zone Z --to DIR | install --from DIR [--replace --fingerprint "F"] | list | untrust --id ID
          keys rotate --zone Z [--key signing|sealing|all]
          audit verify [--checkpoint-file FILE] [--checkpoints FILE] | audit checkpoint [--export FILE]
          audit rebuild           replay the log's case events; exit 1 listing each difference from the stored cases
          backup --to DIR [--zone Z] [--recipient FILE.pub] | backup keygen --out NAME
          restore --from DIR [--zone Z] [--key FILE.key]
          sample run --month YYYY-MM [--size N]   draw the month's callback sample (idempotent)
          demo seed --count N [--seed S]          submit N synthetic reports through the intake path
        common options: --data DIR --intake-url URL --casework-url URL --intake-db CS --casework-db CS
                        --transfer-interval SECONDS --transfer-at HH:MM[,HH:MM...] (times of day, platform time zone)
                        --rate-limits on|off --status-return on|off
                        --intake-admin-url URL (default http://127.0.0.1:5082) --casework-admin-url URL (default :5083)
                          (management addresses: /metrics, detailed /readyz; off for none)
                        --min-free-disk-mb N (readiness floor, default 1024)
                        --alert-webhook URL (alerts are also posted there)
                        --sms-gateway URL [--sms-gateway-token-file FILE] (texts to reporters who consented)
                        --max-bundle-records N --max-bundle-bytes N
                        --deadline-days contact=30,acceptance=7,verification=60,feedback=15,due-soon=3,escalation-step=3
                          ,protection-hours=24 (a reporter's request for protection: acknowledged within hours)
                        --sample-size per-province=20[,CODE=N...] (monthly callback sample, cases per province)
                        --alert-thresholds case-views=200,identity-views=20,identity-views-hour=5,failed-signins=5
                        --repetition-thresholds contact=5,contact-days=30,follow-ups=10,follow-up-hours=24
                          (possible malicious repetition: reports from one contact to one office, follow-ups on one
                          receipt)
                        --retention-days identity=365,content=1825,intake=90 (days after closing / last status; off)
                        --retention-at HH:MM[,HH:MM...]|off (default 03:30, platform time zone: retention rounds)
                        --district-review province|national (who reviews results on district cases)
                        --officials-routing up|off (a report naming the handling office's officials goes one level up)
                        --time-zone ID (default Asia/Seoul: deadlines, months and the times staff and reporters read)
                        --trusted-proxy ADDRESS[,NETWORK] (the reverse proxy whose client-address header counts)
                        --client-address-header NAME (default X-Forwarded-For; believed only from --trusted-proxy)
                        --public-url URL (the address on posters and in the QR code)
                        --max-attachments N (default 10) --max-attachment-mb N (default 20)
                        --max-report-files-mb N (default 100: one report's files together)
                        --file-cleaning isolated|in-process (default isolated) --cleaner-workers N (default 2)
                        --cleaner-command "PROGRAM ARGS" (default: this jebo's clean-worker)
                        --cleaner-budget SECONDS (default 10, plus 2 per MiB) --mat2 PATH (default mat2 on PATH)
        """;

    /// <summary>"jebo 1.0.0 (commit 0123abc…)": the version and the git commit the SDK embedded at build
    /// (<c>SourceRevisionId</c> in the informational version), or "unknown" for a build made outside git.</summary>
    public static string Version()
    {
        var informational = typeof(CommandLine)
            .Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
            ?.InformationalVersion
            ?? "unknown";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0
            ? $"jebo {informational} (commit unknown)"
            : $"jebo {informational[..plus]} (commit {informational[(plus + 1)..]})";
    }

    public static async Task<int> RunAsync(
        string[] args,
        TextReader input,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken
    )
    {
        // Before anything touches the disk: whatever this process or its children create is the owner's alone.
        OwnerOnly.RestrictProcess();
        try
        {
            var arguments = Arguments.Parse(args);
            if (arguments.Has("help"))
            {
                await output.WriteLineAsync(Usage);
                return 0;
            }

            if (arguments.Has("version"))
            {
                await output.WriteLineAsync(Version());
                return 0;
            }

            var verb = arguments.Words.Count > 0 ? arguments.Words[0] : "up";
            return verb switch
            {
                "up" => await UpCommand.RunAsync(arguments, output, cancellationToken),
                _ when ZoneName.TryParse(verb, out var zone) => await UpCommand.RunZoneAsync(
                    zone,
                    arguments,
                    output,
                    cancellationToken
                ),
                "init" => await InitCommand.RunAsync(arguments, output, cancellationToken),
                "db" => await InitCommand.MigrateAsync(arguments, output, cancellationToken),
                "users" => await UsersCommand.RunAsync(arguments, input, output, cancellationToken),
                "maintenance" => await MaintenanceCommand.RunAsync(arguments, output, cancellationToken),
                "retention" => await RetentionCommand.RunAsync(arguments, output, cancellationToken),
                "transfer" => await TransferCommand.RunAsync(arguments, output, cancellationToken),
                "keys" => await KeysCommand.RunAsync(arguments, output, cancellationToken),
                "audit" => await AuditCommand.RunAsync(arguments, output, cancellationToken),
                "demo" => await DemoCommand.RunAsync(arguments, output, cancellationToken),
                "backup" => await BackupCommand.BackupAsync(arguments, output, cancellationToken),
                "restore" => await BackupCommand.RestoreAsync(arguments, output, cancellationToken),
                "sample" => await SampleCommand.RunAsync(arguments, output, cancellationToken),
                _ => throw new UsageException($"unknown verb '{verb}'"),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"jebo: {e.Message}");
            await error.WriteLineAsync(Usage);
            return 2;
        }
        catch (CommandFailedException e)
        {
            await error.WriteLineAsync($"jebo: {e.Message}");
            return 1;
        }
        catch (DatabaseUnavailableException e)
        {
            await error.WriteLineAsync($"jebo: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is DbException || e is InvalidOperationException { InnerException: DbException })
        {
            // A database that goes away mid-command (EF reports a transient one wrapped): one line, never a stack
            // trace nor a connection string.
            await error.WriteLineAsync(
                $"jebo: database error: {DatabaseAvailability.Reason(e as DbException ?? e.InnerException!)}"
            );
            return 1;
        }
        catch (Exception e)
            when (e
                    is Transfer.Keys.KeyFileException
                        or Casework.Staff.StaffAccountException
                        or IOException
                        or UnauthorizedAccessException
            )
        {
            await error.WriteLineAsync($"jebo: {e.Message}");
            return 1;
        }
    }
}
