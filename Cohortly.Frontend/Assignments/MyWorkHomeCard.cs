using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Assignments;

/// <summary>A student's "due next" and "recent grades", from one read of their assignments across their bootcamps.</summary>
public sealed class MyWorkHomeCard(TimeProvider time) : HomeCard<MyWorkCard>("assignments.my-work", 100, AccountRoles.Student)
{
    private const int Shown = 5;

    public override async Task<MyWorkCard?> BuildAsync(CallerContext context)
    {
        var work = await context.Grain<IGradebookReaderGrain>(IGradebookReaderGrain.Key).ListMyWorkAsync(context.Caller);
        if (work.IsEmpty)
        {
            return null;
        }
        var now = time.GetUtcNow();
        // Due next: anything not graded that is still open (overdue work included, it can still be handed in) and,
        // graded or not, anything due from now on, so a grade shows beside the assignment it belongs to.
        var dueNext = work.Where(w => (w.Standing.ExtendedDueAt ?? w.Assignment.Details.DueAt) >= now
                || (w.Standing.Status != WorkStatus.Graded && !w.Assignment.Closed))
            .Take(Shown)
            .Select(w => new MyWorkItem(w.Assignment.AssignmentId, w.Assignment.BootcampId, w.BootcampTitle, w.Assignment.Details.Title,
                w.Assignment.Details.DueAt, w.Standing.ExtendedDueAt, w.Assignment.Details.MaxScore, AssignmentResponse.StatusName(w.Standing.Status),
                w.Standing.Grade?.PublishedScore, w.Standing.Late, w.Assignment.Closed));
        var recentGrades = work.Where(w => w.Standing.Grade is not null).OrderByDescending(w => w.Standing.Grade!.GradedAt).Take(Shown)
            .Select(w => new RecentGrade(w.Assignment.AssignmentId, w.BootcampTitle, w.Assignment.Details.Title, w.Standing.Grade!.PublishedScore,
                w.Standing.Grade.MaxScore, w.Standing.Grade.Feedback, w.Standing.Grade.GradedAt));
        return new MyWorkCard([.. dueNext], [.. recentGrades]);
    }
}
