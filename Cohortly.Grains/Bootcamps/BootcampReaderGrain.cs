using System.Collections.Immutable;
using Cohortly.Assignments;
using Cohortly.Common;
using Cohortly.Files;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

[StatelessWorker]
[GrainType("bootcampreader")]
public sealed class BootcampReaderGrain : Grain, IBootcampReaderGrain
{
    public Task<MemberRole> RequireMemberAsync(Caller caller, string bootcampId) =>
        GrainFactory.RequireMemberAsync(caller, bootcampId, "Only members of the bootcamp can join its room.");

    public async Task<PageSlice<RosterEntry>> ListRosterAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        await GrainFactory.RequireStaffAsync(caller, bootcampId, "Only the bootcamp's staff and admins can see its roster.");
        var total = await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetRosterLengthAsync();
        var entries = await SlotPages.ReadAsync(page, pageSize, total, IRosterPageGrain.Size, rosterPage =>
            GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, rosterPage)).GetEntriesAsync());
        return new PageSlice<RosterEntry>(entries, total);
    }

    public async Task<Progress> GetProgressAsync(Caller caller, string bootcampId, string studentId)
    {
        var snapshot = caller.UserId == studentId
            ? await GrainFactory.RequireBootcampAsync(bootcampId)
            : await GrainFactory.RequireStaffAsync(caller, bootcampId, "Only the student, the bootcamp's staff and admins can see this progress.");
        var enrollment = await GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, studentId)).GetAsync();
        if (enrollment.Status == EnrollmentStatus.None)
        {
            throw DomainException.NotFound($"Student {studentId} in this bootcamp");
        }
        return await ProgressOf(bootcampId, studentId).GetAsync(snapshot.AssignmentCount);
    }

    public async Task<ImmutableArray<MyBootcamp>> ListMineAsync(Caller caller)
    {
        var memberships = await GrainFactory.GetGrain<IUserMembershipsGrain>(caller.UserId).ListAsync();
        var rows = await Task.WhenAll(memberships.Select(async membership =>
        {
            var snapshot = await GrainFactory.GetGrain<IBootcampGrain>(membership.BootcampId).GetAsync();
            if (snapshot is null)
            {
                return null;
            }
            var progress = membership.Role == MemberRole.Student
                ? await ProgressOf(membership.BootcampId, caller.UserId).GetAsync(snapshot.AssignmentCount)
                : null;
            return new MyBootcamp(snapshot, membership.Role, progress);
        }));
        return [.. rows.OfType<MyBootcamp>().OrderBy(row => row.Bootcamp.Details.StartsAt)];
    }

    public async Task<PageSlice<string>> ListResourcesAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        await GrainFactory.RequireMemberAsync(caller, bootcampId, "Only the bootcamp's members can see its resources.");
        return await GrainFactory.GetGrain<IBootcampResourcesGrain>(bootcampId).ListAsync(page, pageSize);
    }

    public async Task RequireResourceAuthorAsync(Caller caller, string bootcampId)
    {
        var snapshot = await GrainFactory.RequireBootcampAsync(bootcampId);
        if (!caller.IsAdmin && snapshot.StaffRoleOf(caller.UserId) != MemberRole.Instructor)
        {
            throw DomainException.Forbidden("Only the bootcamp's instructors and admins add course resources.");
        }
    }

    private IStudentProgressGrain ProgressOf(string bootcampId, string studentId) =>
        GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, studentId));
}
