using Jebo.Transfer.Bundles;

namespace Jebo.Transfer.Tests.Bundles;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("jebo-atomic-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_write_leaves_exactly_the_file_and_no_temporary_name()
    {
        var path = Path.Combine(folder, "reports-000000000001.jebo");
        AtomicFile.Write(path, [1, 2, 3]);
        AtomicFile.Write(path, [4, 5]);
        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void Temporary_files_left_by_a_crash_are_removed_and_never_listed_as_bundles()
    {
        // A writer killed between write and rename leaves its temporary file: hidden, and not a bundle name.
        var leftover = Path.Combine(folder, AtomicFile.TemporaryPrefix + "reports-000000000001.jebo.0123456789abcdef");
        File.WriteAllBytes(leftover, [1, 2, 3]);
        Assert.Empty(BundleSpool.List(folder, BundleKind.Reports));
        Assert.Equal(1, AtomicFile.RemoveLeftovers(folder));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_spool_lock_and_gets_it_once_released()
    {
        var lockFile = Path.Combine(folder, "outbox.lock");
        using (await SpoolLock.AcquireAsync(lockFile, TimeSpan.FromSeconds(1), CancellationToken.None))
        {
            var error = await Assert.ThrowsAsync<IOException>(() =>
                SpoolLock.AcquireAsync(lockFile, TimeSpan.FromMilliseconds(300), CancellationToken.None)
            );
            Assert.Contains("another jebo process", error.Message, StringComparison.Ordinal);
        }

        using var again = await SpoolLock.AcquireAsync(lockFile, TimeSpan.FromSeconds(1), CancellationToken.None);
    }
}
