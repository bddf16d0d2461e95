using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>The bootcamps one user belongs to, with their role in each. Keyed by user id.</summary>
[Alias("cohortly.bootcamps.user-memberships")]
public interface IUserMembershipsGrain : IGrainWithStringKey
{
    [Alias("set")]
    Task SetAsync(Membership membership);

    [Alias("remove")]
    Task RemoveAsync(string bootcampId, MemberRole role);

    [Alias("list"), ReadOnly]
    Task<IReadOnlyList<Membership>> ListAsync();
}
