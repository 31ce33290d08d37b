using Jebo.Casework.Data;

namespace Jebo.Casework.Screening;

/// <summary>
/// Keeps a case's screening marks right when the reports it holds or the office holding it change: the screening
/// queue's priority and out-of-scope suggestion (<see cref="ScreeningPriorities"/>) and the repetition flag
/// (<see cref="RepetitionWatch"/>). A merged case takes the strongest priority of the reports it now holds and the
/// case merged away holds none; an unmerge gives each case back the priority of its own reports; a move to another
/// office keeps the priority (the reports did not change) and judges the repetition flag again, since repetition is
/// counted per office.
/// </summary>
/// <remarks>The one place merge, unmerge and every move between offices (<c>transfer</c>, <c>assign</c>,
/// <c>reclassify</c>, <c>refer</c>, their reverts) call, so no step leaves a case ranked or flagged for reports it no
/// longer holds, or an office flagged for another office's reporters.</remarks>
public sealed class ScreeningMarks(ScreeningPriorities priorities, RepetitionWatch repetition)
{
    /// <summary>Recomputes the marks of tracked <paramref name="cases"/> after their reports or office changed, saved
    /// with the caller's step; returns what changed, for the step's trail (empty when nothing did).</summary>
    public async Task<IReadOnlyList<ScreeningMarksChange>> RecomputeAsync(
        IReadOnlyCollection<CaseRecord> cases,
        CancellationToken cancellationToken
    )
    {
        var before = cases.ToDictionary(c => c.Id, c => (c.ScreeningPriority, c.RepetitionKind, c.RepetitionCount));
        await priorities.ApplyAsync(cases, cancellationToken);
        await repetition.RejudgeAsync(cases, cancellationToken);
        return
        [
            .. cases
                .Where(c => before[c.Id] != (c.ScreeningPriority, c.RepetitionKind, c.RepetitionCount))
                .Select(c => new ScreeningMarksChange(
                    c.Id,
                    before[c.Id].ScreeningPriority,
                    c.ScreeningPriority,
                    before[c.Id].RepetitionKind,
                    before[c.Id].RepetitionCount,
                    c.RepetitionKind,
                    c.RepetitionCount
                )),
        ];
    }
}

/// <summary>How a step changed a case's screening marks, as its trail records it.</summary>
public sealed record ScreeningMarksChange(
    string CaseId,
    int? PriorityBefore,
    int? Priority,
    string? RepetitionBefore,
    int? RepetitionCountBefore,
    string? Repetition,
    int? RepetitionCount
);
