using System.Collections.Immutable;
using Cohortly.Notifications;

namespace Cohortly.Bootcamps;

public static class BootcampAudience
{
    /// <summary>The user ids an audience of the bootcamp is made of right now: staff from the bootcamp, students from its roster pages.</summary>
    public static async Task<ImmutableArray<string>> UserIdsAsync(IGrainFactory grains, string bootcampId, Audience audience)
    {
        var bootcamp = grains.GetGrain<IBootcampGrain>(bootcampId);
        var snapshot = await bootcamp.GetAsync();
        if (snapshot is null)
        {
            return [];
        }
        var userIds = new List<string>();
        if (audience is Audience.Staff or Audience.Members or Audience.Instructors)
        {
            userIds.AddRange(snapshot.InstructorIds);
        }
        if (audience is Audience.Staff or Audience.Members)
        {
            userIds.AddRange(snapshot.MentorIds);
        }
        if (audience is Audience.Students or Audience.Members)
        {
            var pages = (await bootcamp.GetRosterLengthAsync() + IRosterPageGrain.Size - 1) / IRosterPageGrain.Size;
            var rosters = await Task.WhenAll(Enumerable.Range(0, pages).Select(page =>
                grains.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, page)).GetEntriesAsync()));
            userIds.AddRange(rosters.SelectMany(roster => roster).Where(e => e.Status == EnrollmentStatus.Active).Select(e => e.UserId));
        }
        return [.. userIds.Distinct()];
    }
}
