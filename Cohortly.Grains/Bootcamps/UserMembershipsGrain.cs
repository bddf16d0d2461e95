using Cohortly.Common;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Alias("cohortly.bootcamps.user-memberships-state")]
public sealed class UserMembershipsState
{
    [Id(0)] public List<Membership> Memberships { get; set; } = [];
}

[GrainType("usermemberships")]
public sealed class UserMembershipsGrain(
    [PersistentState("user-memberships", StorageNames.Cohortly)] IPersistentState<UserMembershipsState> state) : Grain, IUserMembershipsGrain
{
    public async Task SetAsync(Membership membership)
    {
        // One row per bootcamp: a new role replaces the old one.
        state.State.Memberships.RemoveAll(m => m.BootcampId == membership.BootcampId);
        state.State.Memberships.Add(membership);
        await state.WriteStateAsync();
    }

    public async Task RemoveAsync(string bootcampId, MemberRole role)
    {
        if (state.State.Memberships.RemoveAll(m => m.BootcampId == bootcampId && m.Role == role) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<Membership>> ListAsync() => Task.FromResult<IReadOnlyList<Membership>>([.. state.State.Memberships]);
}
