using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

[StatelessWorker]
[GrainType("mentorpresencereader")]
public sealed class MentorPresenceReaderGrain : Grain, IMentorPresenceReaderGrain
{
    public async Task<ImmutableArray<MentorPresence>> ListAsync(Caller caller, string bootcampId)
    {
        var (snapshot, _) = await GrainFactory.RequireMemberSnapshotAsync(caller, bootcampId, "Only the bootcamp's members can see its mentors' availability.");
        var mentors = await Task.WhenAll(snapshot.MentorIds.Select(async mentorId =>
        {
            var availability = GrainFactory.GetGrain<IMentorAvailabilityGrain>(mentorId).GetAsync();
            var profile = await GrainFactory.GetGrain<IUserGrain>(mentorId).GetProfileAsync();
            var state = await availability;
            return new MentorPresence(mentorId, profile?.DisplayName ?? "", state.Available, state.Until);
        }));
        return [.. mentors.OrderBy(m => m.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }
}
