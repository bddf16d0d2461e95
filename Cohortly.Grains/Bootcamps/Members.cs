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
        return await IsEnrolledAsync(grains, bootcampId, userId) ? MemberRole.Student : MemberRole.None;
    }

    /// <summary>
    /// The caller's role in an existing bootcamp (None for an admin who is not a member); NotFound when the bootcamp
    /// does not exist, Forbidden with <paramref name="refusal"/> when the caller is neither a member nor an admin.
    /// </summary>
    public static async Task<MemberRole> RequireMemberAsync(this IGrainFactory grains, Caller caller, string bootcampId, string refusal) =>
        (await grains.RequireMemberSnapshotAsync(caller, bootcampId, refusal)).Role;

    /// <summary>Like <see cref="RequireMemberAsync"/>, also giving the snapshot it read, for callers that need the bootcamp too.</summary>
    public static async Task<(BootcampSnapshot Bootcamp, MemberRole Role)> RequireMemberSnapshotAsync(
        this IGrainFactory grains, Caller caller, string bootcampId, string refusal)
    {
        // The snapshot that proves the bootcamp exists also names its staff: only students need a second grain.
        var snapshot = await grains.RequireBootcampAsync(bootcampId);
        var role = snapshot.StaffRoleOf(caller.UserId);
        if (role == MemberRole.None)
        {
            var enrollment = await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, caller.UserId)).GetAsync();
            if (enrollment.Suspended && !caller.IsAdmin)
            {
                // Said apart from "not a member", so the web app can tell the student why and what brings access back.
                throw new DomainException(DomainErrorKind.Forbidden, "access-suspended", enrollment.Holds[0].Reason);
            }
            if (enrollment.Status == EnrollmentStatus.Active && !enrollment.Suspended)
            {
                role = MemberRole.Student;
            }
        }
        return role != MemberRole.None || caller.IsAdmin ? (snapshot, role) : throw DomainException.Forbidden(refusal);
    }

    /// <summary>Like <see cref="RequireMemberAsync"/>, but only the bootcamp's instructors and mentors (and admins) pass.</summary>
    public static async Task<BootcampSnapshot> RequireStaffAsync(this IGrainFactory grains, Caller caller, string bootcampId, string refusal)
    {
        var snapshot = await grains.RequireBootcampAsync(bootcampId);
        return caller.IsAdmin || snapshot.StaffRoleOf(caller.UserId) != MemberRole.None ? snapshot : throw DomainException.Forbidden(refusal);
    }

    /// <summary>Only the bootcamp's instructors (admins are not let in by their global role).</summary>
    public static async Task RequireInstructorAsync(this IGrainFactory grains, Caller caller, string bootcampId)
    {
        if (await grains.GetGrain<IBootcampGrain>(bootcampId).GetStaffRoleAsync(caller.UserId) != MemberRole.Instructor)
        {
            throw DomainException.Forbidden("Only the bootcamp's instructors can do this.");
        }
    }

    public static async Task<BootcampSnapshot> RequireBootcampAsync(this IGrainFactory grains, string bootcampId) =>
        await grains.GetGrain<IBootcampGrain>(bootcampId).GetAsync() ?? throw DomainException.NotFound($"Bootcamp {bootcampId}");

    /// <summary>A suspended enrollment is not membership: its content is closed until every hold is lifted.</summary>
    private static async Task<bool> IsEnrolledAsync(IGrainFactory grains, string bootcampId, string userId) =>
        (await grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, userId)).GetAsync()) is { Status: EnrollmentStatus.Active, Suspended: false };
}
