using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Common;
using Microsoft.Extensions.Logging;

namespace Cohortly.Bootcamps;

/// <summary>
/// Walks the catalog a page of bootcamps at a time and, per bootcamp, a roster page at a time: a bootcamp's seat count
/// should equal its students whose enrollment is active, and each of those students' progress should be what their
/// submissions say. Those counts are kept by hand (a seat is taken before the
/// enrollment is written), so a crash between the two can leave them apart; this puts them back and reports it.
/// Stateless: the catalog and the bootcamps are the truth, and a recount cut short is simply run again.
/// </summary>
[GrainType("recount")]
public sealed class RecountGrain(ILogger<RecountGrain> logger) : Grain, IRecountGrain, IRemindable
{
    private const string WeeklyReminder = "weekly-recount";
    private const int BootcampsPerPage = 50;
    private static readonly TimeSpan Weekly = TimeSpan.FromDays(7);

    /// <summary>Who the recount is to the submission grains it reads: an admin, which every submission lets read.</summary>
    private static readonly Caller Recounter = new("recount", "Recount", [Roles.Admin]);

    public Task<RecountReport> RecountAsync(Caller caller) =>
        caller.IsAdmin ? RunAsync() : throw DomainException.Forbidden("Only admins can run the recount.");

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder(WeeklyReminder) is null)
        {
            await this.RegisterOrUpdateReminder(WeeklyReminder, Weekly, Weekly);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == WeeklyReminder)
        {
            await RunAsync();
        }
    }

    private async Task<RecountReport> RunAsync()
    {
        var checkedCount = 0;
        var studentsChecked = 0;
        var drift = ImmutableArray.CreateBuilder<Drift>();
        var progressDrift = ImmutableArray.CreateBuilder<ProgressDrift>();
        string? after = null;
        while (await GrainFactory.GetCatalogIdsAfterAsync(after, BootcampsPerPage) is { Count: > 0 } page)
        {
            foreach (var bootcampId in page)
            {
                var (seats, active) = await RecountSeatsAsync(bootcampId);
                if (seats is not null)
                {
                    drift.Add(seats);
                }
                progressDrift.AddRange(await RecountProgressAsync(bootcampId, active));
                studentsChecked += active.Count;
            }
            checkedCount += page.Count;
            after = page[^1];
        }
        var report = new RecountReport(checkedCount, drift.ToImmutable(), studentsChecked, progressDrift.ToImmutable());
        foreach (var fixedDrift in report.DriftFixed)
        {
            logger.LogWarning("Recount fixed {What} of bootcamp {BootcampId}: was {Was}, now {Now}",
                fixedDrift.What, fixedDrift.BootcampId, fixedDrift.Was, fixedDrift.Now);
        }
        foreach (var fixedProgress in report.ProgressFixed)
        {
            logger.LogWarning("Recount fixed the progress of student {StudentId} in bootcamp {BootcampId}: was {Was}, now {Now}",
                fixedProgress.StudentId, fixedProgress.BootcampId, fixedProgress.Was, fixedProgress.Now);
        }
        logger.LogInformation("Recount checked {Bootcamps} bootcamps and {Students} students' progress, and fixed {Drift} seat counts and {Progress} progress records",
            report.BootcampsChecked, report.StudentsChecked, report.DriftFixed.Length, report.ProgressFixed.Length);
        return report;
    }

    /// <summary>The seat count put right, and the students whose enrollment is active (whose progress is checked next).</summary>
    private async Task<(Drift? Fixed, IReadOnlyCollection<string> Active)> RecountSeatsAsync(string bootcampId)
    {
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(bootcampId);
        var census = await bootcamp.GetSeatCensusAsync();
        var students = new HashSet<string>(census.SeatHolders);
        var roster = await SlotPages.ReadAllAsync(census.RosterLength, IRosterPageGrain.Size,
            page => GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(bootcampId, page)).GetEntriesAsync());
        students.UnionWith(roster.Select(entry => entry.UserId));
        var active = new HashSet<string>();
        // A roster page's worth of enrollments at a time, so a large bootcamp is never one giant fan-out.
        foreach (var chunk in students.Chunk(IRosterPageGrain.Size))
        {
            var statuses = await Task.WhenAll(chunk.Select(userId =>
                GrainFactory.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, userId)).GetSettledStatusAsync()));
            active.UnionWith(chunk.Where((_, i) => statuses[i] == EnrollmentStatus.Active));
        }
        var stale = census.SeatHolders.Where(userId => !active.Contains(userId)).ToImmutableArray();
        return (await bootcamp.CorrectSeatsAsync(census, active.Count, stale), active);
    }

    /// <summary>
    /// Each active student's progress (what their home shows: assignments handed in, average, late count) recomputed from
    /// their submission grains, the source of truth, and put back where it drifted (a crash between a submission's or a
    /// grade's write and the progress update). Students a page at a time, each reading one submission per assignment.
    /// </summary>
    private async Task<IEnumerable<ProgressDrift>> RecountProgressAsync(string bootcampId, IReadOnlyCollection<string> active)
    {
        if (active.Count == 0)
        {
            return [];
        }
        var assignments = await GrainFactory.ListAssignmentsAsync(bootcampId);
        var fixes = new List<ProgressDrift>();
        foreach (var chunk in active.Chunk(IRosterPageGrain.Size))
        {
            var corrections = await Task.WhenAll(chunk.Select(async studentId =>
            {
                var progress = GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, studentId));
                // The revision before the submissions: a standing recorded while they are read makes the correction stand down.
                var revision = await progress.GetRevisionAsync();
                var summaries = await Task.WhenAll(assignments.Select(assignment => GrainFactory
                    .GetGrain<ISubmissionGrain>(ISubmissionGrain.KeyOf(assignment.AssignmentId, studentId)).GetSummaryAsync(Recounter)));
                var truth = assignments.Select((assignment, i) => (assignment.AssignmentId, Standing: AssignmentStanding.Of(summaries[i])))
                    .Where(entry => entry.Standing is not null)
                    .ToImmutableDictionary(entry => entry.AssignmentId, entry => entry.Standing!);
                var correction = await progress.ReconcileAsync(revision, truth, assignments.Length);
                return correction is null ? null : new ProgressDrift(bootcampId, studentId, correction.Was, correction.Now);
            }));
            fixes.AddRange(corrections.OfType<ProgressDrift>());
        }
        return fixes;
    }
}
