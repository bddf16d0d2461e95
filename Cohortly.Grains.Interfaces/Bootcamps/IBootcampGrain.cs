using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

/// <summary>
/// One bootcamp: its details, staff and seat count. The roster itself lives in <see cref="IRosterPageGrain"/>s,
/// so this state stays small however many students enroll.
/// </summary>
[Alias("cohortly.bootcamps.bootcamp")]
public interface IBootcampGrain : IGrainWithStringKey
{
    /// <summary>Admins and instructors may create; an instructor creating becomes its first instructor.</summary>
    [Alias("create")]
    Task<BootcampSnapshot> CreateAsync(Caller caller, BootcampDetails details);

    [Alias("get"), ReadOnly]
    Task<BootcampSnapshot?> GetAsync();

    /// <summary>Instructors of the bootcamp and admins.</summary>
    [Alias("update")]
    Task<BootcampSnapshot> UpdateAsync(Caller caller, BootcampPatch patch);

    /// <summary>Admins only; the user must exist, and gains the matching global role.</summary>
    [Alias("assign-staff")]
    Task AssignStaffAsync(Caller caller, string userId, MemberRole role);

    /// <summary>Instructor or mentor from this grain, else None; students are found through their enrollment (see <see cref="Members"/>).</summary>
    [Alias("get-staff-role"), ReadOnly]
    Task<MemberRole> GetStaffRoleAsync(string userId);

    /// <summary>
    /// Called by an enrollment grain: takes a seat unless the bootcamp is full or must be paid for first.
    /// A returning student keeps their roster slot; a new one is given the next.
    /// </summary>
    [Alias("take-seat")]
    Task<SeatGrant> TakeSeatAsync(int? rosterSlot);

    [Alias("release-seat")]
    Task ReleaseSeatAsync();

    [Alias("get-roster-length"), ReadOnly]
    Task<int> GetRosterLengthAsync();

    /// <summary>Called by an assignment grain when it is created.</summary>
    [Alias("add-assignment")]
    Task AddAssignmentAsync(string assignmentId);

    [Alias("get-assignment-ids"), ReadOnly]
    Task<IReadOnlyList<string>> GetAssignmentIdsAsync();
}

/// <summary>A student's enrollment in one bootcamp, keyed <c>{bootcampId}/{userId}</c>; makes enrolling idempotent.</summary>
[Alias("cohortly.bootcamps.enrollment")]
public interface IEnrollmentGrain : IGrainWithStringKey
{
    [Alias("enroll")]
    Task<Enrollment> EnrollAsync(Caller caller);

    /// <summary>The student themself or an admin.</summary>
    [Alias("withdraw")]
    Task WithdrawAsync(Caller caller);

    /// <summary>Interleaves with a running enroll or withdraw: the bootcamp grain asks this while an enrollment may be waiting on it.</summary>
    [Alias("get"), AlwaysInterleave]
    Task<Enrollment> GetAsync();

    public static string KeyOf(string bootcampId, string userId) => $"{bootcampId}/{userId}";
}

/// <summary>
/// A fixed-size page of a bootcamp's roster in enrollment order, keyed <c>{bootcampId}/{pageIndex}</c>:
/// listing a page reads one small grain however large the bootcamp is.
/// </summary>
[Alias("cohortly.bootcamps.roster-page")]
public interface IRosterPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    [Alias("put")]
    Task PutAsync(int slot, RosterEntry entry);

    [Alias("set-status")]
    Task SetStatusAsync(int slot, EnrollmentStatus status);

    [Alias("get-entries"), ReadOnly]
    Task<IReadOnlyList<RosterEntry>> GetEntriesAsync();

    public static string KeyOf(string bootcampId, int page) => $"{bootcampId}/{page}";
}

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

/// <summary>Every bootcamp's catalog row. Written when a bootcamp changes; read through <see cref="ICatalogReaderGrain"/>.</summary>
[Alias("cohortly.bootcamps.catalog")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    [Alias("upsert")]
    Task UpsertAsync(CatalogEntry entry);

    [Alias("get-all"), ReadOnly]
    Task<IReadOnlyList<CatalogEntry>> GetAllAsync();
}

/// <summary>
/// A stateless worker per silo that serves catalog searches from a snapshot refreshed every second, so
/// browsing never queues on the single catalog grain.
/// </summary>
[Alias("cohortly.bootcamps.catalog-reader")]
public interface ICatalogReaderGrain : IGrainWithIntegerKey
{
    [Alias("search")]
    Task<PageSlice<CatalogEntry>> SearchAsync(string? text, string? tag, int page, int pageSize);
}

public static class Members
{
    /// <summary>
    /// How a user relates to a bootcamp. Asked from outside both grains, so the bootcamp grain never waits on an
    /// enrollment grain that may itself be waiting on it.
    /// </summary>
    public static async Task<MemberRole> RoleInAsync(this IGrainFactory grains, string bootcampId, string userId)
    {
        var staffRole = await grains.GetGrain<IBootcampGrain>(bootcampId).GetStaffRoleAsync(userId);
        if (staffRole != MemberRole.None)
        {
            return staffRole;
        }
        var enrollment = await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, userId)).GetAsync();
        return enrollment.Status == EnrollmentStatus.Active ? MemberRole.Student : MemberRole.None;
    }
}
