using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Assignments;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Assignments;

/// <summary>An instructor's "waiting to be graded" and "not handed in" per assignment of the bootcamps they teach.</summary>
public sealed class GradingHomeCard() : HomeCard<GradingCard>("assignments.grading", 200, AccountRoles.Instructor)
{
    public override async Task<GradingCard?> BuildAsync(CallerContext context)
    {
        var work = await context.Grain<IGradebookReaderGrain>(IGradebookReaderGrain.Key).ListGradingWorkAsync(context.Caller);
        return new GradingCard([.. work.Select(w => new GradingItem(w.Assignment.AssignmentId, w.Assignment.BootcampId, w.BootcampTitle,
            w.Assignment.Details.Title, w.Assignment.Details.DueAt, w.WaitingCount,
            [.. w.OldestWaiting.Select(s => new WaitingSubmission(s.StudentId, s.StudentName, s.LatestVersion, s.SubmittedAt, s.Late))],
            w.MissingCount, [.. w.Missing.Select(s => new MissingStudent(s.StudentId, s.DisplayName))]))]);
    }
}
