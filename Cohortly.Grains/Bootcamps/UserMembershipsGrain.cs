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
    /// <summary>False after a write that failed: what this activation holds may then be more than what is stored.</summary>
    private bool _stored = true;

    public async Task SetAsync(Membership membership)
    {
        // A retried enrollment sets the membership it already set: nothing new to store.
        if (_stored && state.State.Memberships.Contains(membership))
        {
            return;
        }
        // One row per bootcamp: a new role replaces the old one.
        state.State.Memberships.RemoveAll(m => m.BootcampId == membership.BootcampId);
        state.State.Memberships.Add(membership);
        await WriteAsync();
    }

    private async Task WriteAsync()
    {
        _stored = false;
        await state.WriteStateAsync();
        _stored = true;
    }

    public async Task RemoveAsync(string bootcampId, MemberRole role)
    {
        if (state.State.Memberships.RemoveAll(m => m.BootcampId == bootcampId && m.Role == role) > 0)
        {
            await WriteAsync();
        }
    }

    public Task<IReadOnlyList<Membership>> ListAsync() => Task.FromResult<IReadOnlyList<Membership>>([.. state.State.Memberships]);
}
