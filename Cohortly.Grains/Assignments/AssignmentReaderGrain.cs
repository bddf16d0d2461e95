using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Assignments;

[StatelessWorker]
[GrainType("assignmentreader")]
public sealed class AssignmentReaderGrain(TimeProvider time) : Grain, IAssignmentReaderGrain
{
    public async Task<PageSlice<AssignmentRow>> ListAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        var role = await GrainFactory.RequireMemberAsync(caller, bootcampId, "Only the bootcamp's members can see its assignments.");
        var ordered = await GrainFactory.ListAssignmentsAsync(bootcampId);
        var onPage = ordered.Skip((page - 1) * pageSize).Take(pageSize);
        if (role != MemberRole.Student)
        {
            return new PageSlice<AssignmentRow>([.. onPage.Select(a => new AssignmentRow(a, null))], ordered.Length);
        }
        // Only the page's assignments: one submission grain each, so a page costs at most pageSize small reads.
        var now = time.GetUtcNow();
        var rows = await Task.WhenAll(onPage.Select(async assignment =>
        {
            var summary = await GrainFactory.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignment.AssignmentId, caller.UserId)).GetSummaryAsync(caller);
            return new AssignmentRow(assignment, StudentStanding.Of(assignment, summary, now));
        }));
        return new PageSlice<AssignmentRow>([.. rows], ordered.Length);
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
