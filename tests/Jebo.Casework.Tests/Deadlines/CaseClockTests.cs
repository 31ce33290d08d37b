using Jebo.Casework.Data;
using Jebo.Casework.Deadlines;
using Jebo.Casework.Lifecycle;
using Jebo.Reference.TimeZones;

namespace Jebo.Casework.Tests.Deadlines;

/// <summary>Each case's clock: which deadlines run in which state, which one is next, and how each stands.</summary>
public sealed class CaseClockTests
{
    private static readonly CaseClock Clock = new(new DeadlineOptions(), new DeadlineCalendar(new PlatformTimeZone()));
    private static readonly DateTimeOffset Received = new(2026, 1, 31, 10, 0, 0, TimeSpan.FromHours(9));

    private static CaseRecord NewCase(bool named)
    {
        var c = new CaseRecord
        {
            Id = "TEST-CASE-0001",
            Status = CaseStatus.Received,
            OfficeCode = "26",
            ReceivedAt = Received,
            HasContact = named,
        };
        Clock.StartReceived(c);
        return c;
    }

    [Fact]
    public void A_new_case_runs_the_acceptance_deadline_and_for_a_named_reporter_the_contact_deadline()
    {
        var named = NewCase(named: true);
        Assert.Equal(new DateOnly(2026, 3, 2), Clock.Calendar.LastDay(named.ContactDueAt!.Value));
        Assert.Equal(new DateOnly(2026, 2, 7), Clock.Calendar.LastDay(named.AcceptanceDueAt!.Value));
        Assert.Equal(DeadlineKind.Acceptance, named.NextDueKind);
        Assert.Equal(named.AcceptanceDueAt, named.NextDueAt);

        var anonymous = NewCase(named: false);
        Assert.Null(anonymous.ContactDueAt);
        Assert.DoesNotContain(CaseClock.Deadlines(anonymous), d => d.Kind == DeadlineKind.Contact);
    }

    [Fact]
    public void Once_accepted_the_next_deadline_is_the_contact_then_verification()
    {
        var c = NewCase(named: true);
        c.Status = CaseStatus.Accepted;
        c.DecidedAt = Received.AddDays(1);
        c.VerificationDueAt = Clock.VerificationDueFrom(c.DecidedAt.Value);
        CaseClock.Recompute(c);
        Assert.Equal(DeadlineKind.Contact, c.NextDueKind);

        c.ContactedAt = Received.AddDays(2);
        CaseClock.Recompute(c);
        Assert.Equal(DeadlineKind.Verification, c.NextDueKind);
        Assert.Equal(new DateOnly(2026, 4, 2), Clock.Calendar.LastDay(c.NextDueAt!.Value));
    }

    [Fact]
    public void Closed_and_merged_cases_run_no_deadline()
    {
        foreach (var status in new[] { CaseStatus.Closed, CaseStatus.Merged })
        {
            var c = NewCase(named: true);
            c.Status = status;
            CaseClock.Recompute(c);
            Assert.Null(c.NextDueAt);
            Assert.Null(c.NextDueKind);
        }
    }

    [Fact]
    public void A_progress_date_from_supervision_runs_until_met()
    {
        var c = NewCase(named: false);
        c.Status = CaseStatus.InVerification;
        c.DecidedAt = Received;
        c.Supervised = true;
        c.ProgressDueAt = Clock.Calendar.EndOf(new DateOnly(2026, 2, 3));
        CaseClock.Recompute(c);
        Assert.Equal(DeadlineKind.Progress, c.NextDueKind);
        c.ProgressMetAt = Received.AddDays(1);
        CaseClock.Recompute(c);
        Assert.Null(c.NextDueAt);
    }

    [Fact]
    public void The_clock_shows_met_late_overdue_due_soon_open_and_stopped()
    {
        var c = NewCase(named: true);
        c.Status = CaseStatus.InVerification;
        c.DecidedAt = c.AcceptanceDueAt!.Value.AddMinutes(1); // accepted a minute late
        c.VerificationDueAt = Clock.VerificationDueFrom(c.DecidedAt.Value);
        var views = Clock.Views(c, c.ContactDueAt!.Value.AddHours(1)).ToDictionary(v => v.Kind);
        Assert.Equal("met-late", views[DeadlineKind.Acceptance].State);
        Assert.Equal("overdue", views[DeadlineKind.Contact].State);
        Assert.Equal("open", views[DeadlineKind.Verification].State);

        var dueSoon = Clock
            .Views(c, c.VerificationDueAt.Value.AddDays(-2))
            .Single(v => v.Kind == DeadlineKind.Verification);
        Assert.Equal("due-soon", dueSoon.State);

        c.Status = CaseStatus.Merged;
        Assert.Equal("stopped", Clock.Views(c, Received).Single(v => v.Kind == DeadlineKind.Verification).State);
    }
}
