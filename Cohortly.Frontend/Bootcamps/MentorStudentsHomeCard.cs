using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Bootcamps;

public sealed class MentorStudentsHomeCard() : HomeCard<MentorStudentsCard>("bootcamps.mentor-students", 300, AccountRoles.Mentor)
{
    /// <summary>Students shown per bootcamp: one roster page grain read; the roster tab has the rest.</summary>
    private const int Shown = 12;

    public override async Task<MentorStudentsCard?> BuildAsync(CallerContext context)
    {
        var reader = context.Grain<IBootcampReaderGrain>(IBootcampReaderGrain.Key);
        var mine = await reader.ListMineAsync(context.Caller);
        var bootcamps = await Task.WhenAll(mine.Where(row => row.Role == MemberRole.Mentor).Select(async row =>
        {
            // The roster read checks in the grain that the caller is staff of this bootcamp.
            var roster = await reader.ListRosterAsync(context.Caller, row.Bootcamp.BootcampId, 1, Shown);
            return new MentoredBootcamp(row.Bootcamp.BootcampId, row.Bootcamp.Details.Title, roster.Total, [.. roster.Items.Select(RosterEntryResponse.From)]);
        }));
        return new MentorStudentsCard(bootcamps);
    }
}
