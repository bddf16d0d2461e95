using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

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
