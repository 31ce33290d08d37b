namespace Jebo.Intake.Attachments.Cleaning;

/// <summary>A file that cannot be accepted as it is: damaged, laid out so its hidden information cannot be removed with
/// certainty, or beyond the limits a cleaner inspects (<see cref="CleaningLimits"/>). The reporter is told which, and
/// asked for another format.</summary>
public sealed class UncleanableFileException(string reason, bool beyondLimits = false) : Exception(reason)
{
    /// <summary>True when the file went past a depth, count or size limit rather than being malformed.</summary>
    public bool BeyondLimits { get; } = beyondLimits;

    public static UncleanableFileException TooComplex(string reason) => new(reason, beyondLimits: true);
}
