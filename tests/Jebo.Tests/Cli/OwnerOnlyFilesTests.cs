using System.Diagnostics;
using Jebo.Testing;

namespace Jebo.Tests.Cli;

/// <summary>
/// Another local account on the casework machine reads what <c>jebo</c> leaves on disk: the data folder, keys,
/// databases, spools, backups and restores. The real <c>jebo</c> executable runs under a permissive umask (000), and
/// every file must still be the owner's alone; a backup encrypted to a recipient key opens only with that key.
/// </summary>
public sealed class OwnerOnlyFilesTests
{
    private const UnixFileMode OthersAndGroup =
        UnixFileMode.GroupRead
        | UnixFileMode.GroupWrite
        | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead
        | UnixFileMode.OtherWrite
        | UnixFileMode.OtherExecute;

    [Theory]
    [DatabaseProviders]
    public async Task Init_backup_and_restore_under_a_permissive_umask_leave_nothing_readable_by_other_accounts(
        string provider
    )
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("file modes are a Unix matter");
        }

        var root = Directory.CreateTempSubdirectory("jebo-modes-").FullName;
        var data = Path.Combine(root, "data");
        var restored = Path.Combine(root, "restored");
        await using var intakeDb =
            provider == TestDatabases.Sqlite ? null : await TestDatabases.CreateAsync(provider, root, "intake");
        await using var caseworkDb =
            provider == TestDatabases.Sqlite ? null : await TestDatabases.CreateAsync(provider, root, "casework");
        await using var restoredDb =
            provider == TestDatabases.Sqlite ? null : await TestDatabases.CreateAsync(provider, root, "restored");
        string[] databases = intakeDb is null
            ? []
            : ["--intake-db", intakeDb.ConnectionString, "--casework-db", caseworkDb!.ConnectionString];
        try
        {
            await JeboAsync(0, ["init", "--data", data, .. databases]);
            await JeboAsync(0, ["audit", "checkpoint", "--data", data, .. databases]);
            AssertOwnerOnly(data);
            if (provider == TestDatabases.Sqlite)
            {
                Assert.True(File.Exists(Path.Combine(data, "casework", "casework.db")));
            }

            var plain = Path.Combine(root, "plain-backup");
            await JeboAsync(0, ["backup", "--to", plain, "--data", data, .. databases]);
            AssertOwnerOnly(plain);

            // Encrypted to a recipient key: nothing of the database shows, and only that key opens it.
            var key = Path.Combine(root, "keys", "backup-recipient");
            var wrong = Path.Combine(root, "keys", "someone-else");
            await JeboAsync(0, ["backup", "keygen", "--out", key]);
            await JeboAsync(0, ["backup", "keygen", "--out", wrong]);
            AssertOwnerOnly(key + ".key");
            var encrypted = Path.Combine(root, "encrypted-backup");
            await JeboAsync(
                0,
                [
                    "backup",
                    "--to",
                    encrypted,
                    "--zone",
                    "casework",
                    "--recipient",
                    key + ".pub",
                    "--data",
                    data,
                    .. databases,
                ]
            );
            AssertOwnerOnly(encrypted);
            var sealedFile = Path.Combine(encrypted, "casework.jebo-backup");
            var bytes = await File.ReadAllBytesAsync(sealedFile);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("SQLite format 3"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("PGDMP"u8));
            Assert.Equal(-1, bytes.AsSpan().IndexOf("manifest"u8));
            Assert.Empty(Directory.GetDirectories(Path.Combine(data, "casework"), ".*"));

            string[] restoredDatabases = restoredDb is null ? [] : ["--casework-db", restoredDb.ConnectionString];
            var refused = await JeboAsync(
                1,
                ["restore", "--from", encrypted, "--key", wrong + ".key", "--data", restored, .. restoredDatabases]
            );
            Assert.Contains("encrypted to key", refused, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(restored, "casework", "keys")));
            Assert.Contains(
                "--key",
                await JeboAsync(1, ["restore", "--from", encrypted, "--data", restored, .. restoredDatabases]),
                StringComparison.Ordinal
            );

            await JeboAsync(
                0,
                ["restore", "--from", encrypted, "--key", key + ".key", "--data", restored, .. restoredDatabases]
            );
            AssertOwnerOnly(restored);
            Assert.True(File.Exists(Path.Combine(restored, "casework", "keys", "sealing.key")));
            Assert.Empty(Directory.GetDirectories(restored, ".*"));
            await JeboAsync(0, ["audit", "verify", "--data", restored, .. restoredDatabases]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task An_altered_encrypted_backup_is_refused_and_nothing_is_restored()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "file modes are a Unix matter");
        var root = Directory.CreateTempSubdirectory("jebo-sealed-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            var key = Path.Combine(root, "recipient");
            await JeboAsync(0, ["init", "--data", data, "--zone", "casework"]);
            await JeboAsync(0, ["backup", "keygen", "--out", key]);
            var encrypted = Path.Combine(root, "encrypted");
            await JeboAsync(0, ["backup", "--to", encrypted, "--recipient", key + ".pub", "--data", data]);
            var file = Path.Combine(encrypted, "casework.jebo-backup");
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[bytes.Length / 2] ^= 1;
            await File.WriteAllBytesAsync(file, bytes);

            var restored = Path.Combine(root, "restored");
            Assert.Contains(
                "damaged or was altered",
                await JeboAsync(1, ["restore", "--from", encrypted, "--key", key + ".key", "--data", restored]),
                StringComparison.Ordinal
            );
            Assert.False(Directory.Exists(Path.Combine(restored, "casework", "keys")));

            // Cut short, the last piece left is not the one sealed as final.
            await File.WriteAllBytesAsync(file, bytes[..^1]);
            Assert.Equal(
                1,
                (await RunAsync(["restore", "--from", encrypted, "--key", key + ".key", "--data", restored])).Exit
            );
            Assert.False(Directory.Exists(Path.Combine(restored, "casework", "keys")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void AssertOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var entries = File.Exists(path)
            ? [path]
            : Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories).Prepend(path);
        foreach (var entry in entries)
        {
            Assert.True(
                (File.GetUnixFileMode(entry) & OthersAndGroup) == 0,
                $"{entry} is {File.GetUnixFileMode(entry)}"
            );
        }
    }

    /// <summary>Runs the real <c>jebo</c> executable under umask 000; asserts its exit status; returns standard error
    /// when it failed, standard output otherwise.</summary>
    private static async Task<string> JeboAsync(int expectedExit, string[] arguments)
    {
        var (exit, output, error) = await RunAsync(arguments);
        Assert.True(exit == expectedExit, $"jebo {string.Join(' ', arguments)} exited {exit}: {error}{output}");
        return exit == 0 ? output : error;
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (
            var argument in (string[])
                [
                    "-c",
                    "umask 000 && exec dotnet exec \"$0\" \"$@\"",
                    Path.Combine(AppContext.BaseDirectory, "jebo.dll"),
                    .. arguments,
                ]
        )
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
