using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Assignments;

[StatelessWorker]
[GrainType("gradebookreader")]
public sealed class GradebookReaderGrain(TimeProvider time) : Grain, IGradebookReaderGrain
{
    /// <summary>
    /// A student's home reads at most this many assignments per bootcamp, those due nearest to now: one submission grain
    /// each, so a bootcamp with hundreds of assignments still costs a bounded number of reads.
    /// </summary>
    private const int MyWorkWindow = 40;

    public async Task<Gradebook> GetGradebookAsync(Caller caller, string bootcampId)
    {
        await GrainFactory.RequireStaffAsync(caller, bootcampId, "Only the bootcamp's staff and admins can see its gradebook.");
        var assignments = await GrainFactory.ListAssignmentsAsync(bootcampId);
        var students = await ReadStudentsAsync(bootcampId);
        var indexes = await Task.WhenAll(assignments.Select(a => ReadIndexAsync(a.AssignmentId)));
        var now = time.GetUtcNow();
        var rows = students.Select(student => new GradebookRow(student.UserId, student.DisplayName,
            [.. assignments.Select((assignment, i) => StudentStanding.Of(assignment, indexes[i].GetValueOrDefault(student.UserId), now))]));
        return new Gradebook(assignments, [.. rows.OrderBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase).ThenBy(r => r.StudentId, StringComparer.Ordinal)]);
    }

    public async Task<ImmutableArray<MyAssignment>> ListMyWorkAsync(Caller caller)
    {
        // The caller's own memberships: nothing of another student's, and only bootcamps they are enrolled in.
        var now = time.GetUtcNow();
        var perBootcamp = await Task.WhenAll((await MembershipsAsync(caller, MemberRole.Student)).Select(async bootcamp =>
        {
            var nearest = (await GrainFactory.ListAssignmentsAsync(bootcamp.BootcampId))
                .OrderBy(a => (a.Details.DueAt - now).Duration()).Take(MyWorkWindow);
            return await Task.WhenAll(nearest.Select(async assignment =>
            {
                var summary = await GrainFactory.GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignment.AssignmentId, caller.UserId)).GetSummaryAsync(caller);
                return new MyAssignment(assignment, bootcamp.Details.Title, StudentStanding.Of(assignment, summary, now));
            }));
        }));
        return [.. perBootcamp.SelectMany(rows => rows).OrderBy(row => row.Assignment.Details.DueAt)];
    }

    public async Task<ImmutableArray<GradingWork>> ListGradingWorkAsync(Caller caller)
    {
        var now = time.GetUtcNow();
        var perBootcamp = await Task.WhenAll((await MembershipsAsync(caller, MemberRole.Instructor)).Select(async bootcamp =>
        {
            var assignments = await GrainFactory.ListAssignmentsAsync(bootcamp.BootcampId);
            // The roster is read only when some assignment is due: before that nobody can be missing it.
            var students = assignments.Any(a => a.Details.DueAt < now) ? await ReadStudentsAsync(bootcamp.BootcampId) : [];
            return await Task.WhenAll(assignments.Select(async assignment =>
            {
                var index = await ReadIndexAsync(assignment.AssignmentId);
                var waiting = index.Values.Where(s => s.LatestVersion > 0 && s.Grade?.Version != s.LatestVersion).OrderBy(s => s.SubmittedAt).ToList();
                var missing = assignment.Details.DueAt < now && !assignment.Closed
                    ? students.Where(s => !index.ContainsKey(s.UserId)).ToList()
                    : [];
                return new GradingWork(assignment, bootcamp.Details.Title, waiting.Count, [.. waiting.Take(IGradebookReaderGrain.WorkSample)],
                    missing.Count, [.. missing.Take(IGradebookReaderGrain.WorkSample).Select(s => new GradebookStudent(s.UserId, s.DisplayName))]);
            }));
        }));
        return [.. perBootcamp.SelectMany(queues => queues).Where(q => q.WaitingCount > 0 || q.MissingCount > 0)
            .OrderBy(q => q.OldestWaiting.IsEmpty ? DateTimeOffset.MaxValue : q.OldestWaiting[0].SubmittedAt)
            .ThenBy(q => q.Assignment.Details.DueAt)];
    }

    public async Task<ImmutableArray<QuietStudent>> ListQuietStudentsAsync(Caller caller, TimeSpan quietFor)
    {
        var since = time.GetUtcNow() - quietFor;
        var perBootcamp = await Task.WhenAll((await MembershipsAsync(caller, MemberRole.Mentor)).Select(async bootcamp =>
        {
            var assignments = await GrainFactory.ListAssignmentsAsync(bootcamp.BootcampId);
            var indexes = await Task.WhenAll(assignments.Select(a => ReadIndexAsync(a.AssignmentId)));
            var students = await ReadStudentsAsync(bootcamp.BootcampId);
            return students.Select(student =>
            {
                var last = indexes.Select(index => index.GetValueOrDefault(student.UserId)?.SubmittedAt).Max();
                // Quiet: nothing handed in since `since`, counting from enrollment for a student who has never submitted.
                return (last ?? student.EnrolledAt) < since
                    ? new QuietStudent(bootcamp.BootcampId, bootcamp.Details.Title, student.UserId, student.DisplayName, last)
                    : null;
            }).OfType<QuietStudent>();
        }));
        return [.. perBootcamp.SelectMany(rows => rows).OrderBy(q => q.LastSubmittedAt ?? DateTimeOffset.MinValue)];
    }

    /// <summary>The bootcamps where the caller has <paramref name="role"/>, as their membership list says.</summary>
    private async Task<IEnumerable<BootcampSnapshot>> MembershipsAsync(Caller caller, MemberRole role)
    {
        var memberships = await GrainFactory.GetGrain<IUserMembershipsGrain>(caller.UserId).ListAsync();
        var snapshots = await Task.WhenAll(memberships.Where(m => m.Role == role).Select(m => GrainFactory.GetGrain<IBootcampGrain>(m.BootcampId).GetAsync()));
        return snapshots.OfType<BootcampSnapshot>();
    }

    /// <summary>The students currently enrolled, from the roster's page grains.</summary>
    private async Task<List<RosterEntry>> ReadStudentsAsync(string bootcampId)
    {
        var total = await GrainFactory.GetGrain<IBootcampGrain>(bootcampId).GetRosterLengthAsync();
        var entries = await SlotPages.ReadAllAsync(total, IRosterPageGrain.Size,
            page => GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, page)).GetEntriesAsync());
        return [.. entries.Where(e => e.Status == EnrollmentStatus.Active)];
    }

    /// <summary>Each submitter's latest row for the assignment, by student id.</summary>
    private async Task<Dictionary<string, SubmissionSummary>> ReadIndexAsync(string assignmentId)
    {
        var total = await GrainFactory.GetGrain<ISubmissionIndexGrain>(assignmentId).CountAsync();
        var rows = await SlotPages.ReadAllAsync(total, ISubmissionIndexPageGrain.Size,
            page => GrainFactory.GetGrain<ISubmissionIndexPageGrain>(ISubmissionIndexPageGrain.KeyOf(assignmentId, page)).GetEntriesAsync());
        return rows.DistinctBy(row => row.StudentId).ToDictionary(row => row.StudentId, StringComparer.Ordinal);
    }
}
