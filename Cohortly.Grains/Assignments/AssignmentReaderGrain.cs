using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Assignments;

[StatelessWorker]
[GrainType("assignmentreader")]
public sealed class AssignmentReaderGrain : Grain, IAssignmentReaderGrain
{
    public async Task<PageSlice<AssignmentSnapshot>> ListAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        await GrainFactory.RequireMemberAsync(caller, bootcampId, "Only the bootcamp's members can see its assignments.");
        var ids = await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetAssignmentIdsAsync();
        var snapshots = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IAssignmentGrain>(id).GetAsync()));
        var ordered = snapshots.OfType<AssignmentSnapshot>()
            .OrderBy(a => a.Details.DueAt).ThenBy(a => a.Details.Title, StringComparer.OrdinalIgnoreCase).ToList();
        return new PageSlice<AssignmentSnapshot>([.. ordered.Skip((page - 1) * pageSize).Take(pageSize)], ordered.Count);
    }

    public async Task<AssignmentSnapshot> GetAsync(Caller caller, string assignmentId)
    {
        var assignment = await RequireAssignmentAsync(assignmentId);
        await GrainFactory.RequireMemberAsync(caller, assignment.BootcampId, "Only the bootcamp's members can see its assignments.");
        return assignment;
    }

    public async Task<SubmissionListing> ListSubmissionsAsync(Caller caller, string assignmentId, int page, int pageSize)
    {
        var assignment = await RequireAssignmentAsync(assignmentId);
        var role = await GrainFactory.RequireMemberAsync(caller, assignment.BootcampId, "Only the bootcamp's members can see submissions.");
        if (role == MemberRole.Student)
        {
            var submission = GrainFactory.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignmentId, caller.UserId));
            return new SubmissionListing(await submission.ListVersionsAsync(caller, page, pageSize), await submission.GetGradeAsync(caller), null);
        }
        var total = await GrainFactory.GetGrain<ISubmissionIndexGrain>(assignmentId).CountAsync();
        var rows = await SlotPages.ReadAsync(page, pageSize, total, ISubmissionIndexPageGrain.Size, indexPage =>
            GrainFactory.GetGrain<ISubmissionIndexPageGrain>(ISubmissionIndexPageGrain.KeyOf(assignmentId, indexPage)).GetEntriesAsync());
        return new SubmissionListing(null, null, new PageSlice<SubmissionSummary>(rows, total));
    }

    public async Task<AssignmentSnapshot> RequireSubmissionUploadAsync(Caller caller, string assignmentId)
    {
        var assignment = await RequireAssignmentAsync(assignmentId);
        if (await GrainFactory.RoleInAsync(assignment.BootcampId, caller.UserId) != MemberRole.Student)
        {
            throw DomainException.Forbidden("Only students enrolled in the bootcamp upload work for its assignments.");
        }
        return assignment.Closed
            ? throw DomainException.Conflict("assignment-closed", "The instructor has closed this assignment to submissions.")
            : assignment;
    }

    private async Task<AssignmentSnapshot> RequireAssignmentAsync(string assignmentId) =>
        await GrainFactory.GetGrain<IAssignmentGrain>(assignmentId).GetAsync() ?? throw DomainException.NotFound($"Assignment {assignmentId}");
}
