using Jebo.Intake.Attachments.Cleaning;

namespace Jebo.Intake.Tests.Attachments;

public class ByteSourceTests
{
    // Around the first buffer's size and past several doublings of it, with the sniffed head read apart as intake reads
    // it.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64 * 1024 - 1)]
    [InlineData(64 * 1024)]
    [InlineData(64 * 1024 + 1)]
    [InlineData(700_001)]
    public async Task A_file_read_whole_comes_back_byte_for_byte(int size)
    {
        var file = new byte[size];
        new Random(size).NextBytes(file);
        var head = Math.Min(size, 4096);
        var source = new ByteSource(new MemoryStream(file, head, size - head), file.AsMemory(0, head));

        var read = await source.ReadAllAsync(1024 * 1024, TestContext.Current.CancellationToken);

        Assert.Equal(file, read);
    }

    [Fact]
    public async Task A_file_above_the_limit_is_refused_as_too_large()
    {
        var file = new byte[200_000];
        var source = new ByteSource(new MemoryStream(file), ReadOnlyMemory<byte>.Empty);

        var refusal = await Assert.ThrowsAsync<UncleanableFileException>(async () =>
            await source.ReadAllAsync(150_000, TestContext.Current.CancellationToken)
        );

        Assert.Contains("too large", refusal.Message, StringComparison.Ordinal);
    }
}
