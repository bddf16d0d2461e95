using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Assignments;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Assignments;

/// <summary>A mentor's students who have gone quiet: no submission for <see cref="QuietDays"/> days.</summary>
public sealed class QuietStudentsHomeCard() : HomeCard<QuietStudentsCard>("assignments.quiet-students", 310, AccountRoles.Mentor)
{
    /// <summary>A week: most bootcamps set work weekly, so a student with nothing handed in for one has missed a beat.</summary>
    public const int QuietDays = 7;

    private const int Shown = 20;

    public override async Task<QuietStudentsCard?> BuildAsync(CallerContext context)
    {
        var quiet = await context.Grain<IGradebookReaderGrain>(IGradebookReaderGrain.Key).ListQuietStudentsAsync(context.Caller, TimeSpan.FromDays(QuietDays));
        return new QuietStudentsCard(QuietDays, quiet.Length,
            [.. quiet.Take(Shown).Select(q => new QuietStudentItem(q.BootcampId, q.BootcampTitle, q.StudentId, q.DisplayName, q.LastSubmittedAt))]);
    }
}
