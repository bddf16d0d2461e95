using Cohortly.Common;

namespace Cohortly.Bootcamps;

/// <summary>
/// The one place grains decide how a user relates to a bootcamp. Asked from outside both the bootcamp and the
/// enrollment grain, so the bootcamp grain never waits on an enrollment grain that may itself be waiting on it.
/// </summary>
public static class Members
{
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

    /// <summary>
    /// The caller's role in an existing bootcamp (None for an admin who is not a member); NotFound when the bootcamp
    /// does not exist, Forbidden with <paramref name="refusal"/> when the caller is neither a member nor an admin.
    /// </summary>
    public static async Task<MemberRole> RequireMemberAsync(this IGrainFactory grains, Caller caller, string bootcampId, string refusal)
    {
        await grains.RequireBootcampAsync(bootcampId);
        var role = await grains.RoleInAsync(bootcampId, caller.UserId);
        return role != MemberRole.None || caller.IsAdmin ? role : throw DomainException.Forbidden(refusal);
    }

    /// <summary>Like <see cref="RequireMemberAsync"/>, but only the bootcamp's instructors and mentors (and admins) pass.</summary>
    public static async Task<BootcampSnapshot> RequireStaffAsync(this IGrainFactory grains, Caller caller, string bootcampId, string refusal)
    {
        var bootcamp = grains.GetGrain<IBootcampGrain>(bootcampId);
        var snapshot = await bootcamp.GetAsync() ?? throw BootcampNotFound(bootcampId);
        return caller.IsAdmin || await bootcamp.GetStaffRoleAsync(caller.UserId) != MemberRole.None
            ? snapshot
            : throw DomainException.Forbidden(refusal);
    }

    public static async Task<BootcampSnapshot> RequireBootcampAsync(this IGrainFactory grains, string bootcampId) =>
        await grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync() ?? throw BootcampNotFound(bootcampId);

    private static DomainException BootcampNotFound(string bootcampId) => DomainException.NotFound($"Bootcamp {bootcampId}");
}
