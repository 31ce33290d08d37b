using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;

namespace Jebo.Fuzzing;

/// <summary>Fuzzes the cleaner of one kind of attachment through <see cref="AttachmentCleaners.CleanAsync"/>, fed as
/// intake feeds it (the first bytes already read, the rest streamed). A refusal
/// (<see cref="AttachmentCleaners.IsRefusal"/>) is the answer to a bad file; any other exception is a finding. A file
/// the cleaner accepts must come out so that cleaning it again accepts it and changes nothing: a cleaner whose own
/// output it would refuse, or alter, has not produced a clean file of its kind.</summary>
public sealed class CleanerTarget(AttachmentKind kind) : FuzzTarget(kind.ToString().ToLowerInvariant())
{
    public AttachmentKind Kind => kind;

    public override bool TakesSeed(ReadOnlySpan<byte> file) =>
        AttachmentType.Recognise(file[..Math.Min(file.Length, AttachmentType.SniffLength)]) == kind;

    protected override string RunOnce(byte[] input)
    {
        byte[] cleaned;
        try
        {
            cleaned = Clean(input);
        }
        catch (Exception e) when (AttachmentCleaners.IsRefusal(e))
        {
            return "refused";
        }

        byte[] again;
        try
        {
            again = Clean(cleaned);
        }
        catch (Exception e) when (AttachmentCleaners.IsRefusal(e))
        {
            throw new BrokenPropertyException($"{Name}: the cleaner refuses its own output ({e.Message})");
        }

        return again.AsSpan().SequenceEqual(cleaned)
            ? "cleaned"
            : throw new BrokenPropertyException($"{Name}: cleaning the cleaned file again changes it");
    }

    private byte[] Clean(byte[] input)
    {
        var head = Math.Min(input.Length, AttachmentType.SniffLength);
        using var rest = new MemoryStream(input, head, input.Length - head, writable: false);
        using var output = new MemoryStream();
        AttachmentCleaners
            .CleanAsync(kind, new ByteSource(rest, input.AsMemory(0, head)), output, CancellationToken.None)
            .GetAwaiter()
            .GetResult();
        return output.ToArray();
    }
}
