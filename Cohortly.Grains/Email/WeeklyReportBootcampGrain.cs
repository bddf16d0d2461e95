using System.Collections.Immutable;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Microsoft.Extensions.Logging;

namespace Cohortly.Email;

/// <summary>One bootcamp's part of a weekly run: reads its assignments once, then hands each roster page to a page worker.</summary>
[GrainType("weeklyreportbootcamp")]
public sealed class WeeklyReportBootcampGrain(TimeProvider time, ILogger<WeeklyReportBootcampGrain> logger) : Grain, IWeeklyReportBootcampGrain
{
    private const int PagesInFlight = 4;

    private static readonly TimeSpan UpcomingWindow = TimeSpan.FromDays(7);

    public async Task RunAsync(string isoWeek)
    {
        var bootcampId = this.GetPrimaryKeyString();
        var bootcamp = GrainFactory.GetGrain<IBootcampGrain>(bootcampId);
        if (await bootcamp.GetAsync() is not { } snapshot)
        {
            return;
        }
        var assignmentIds = await bootcamp.GetAssignmentIdsAsync();
        var assignments = await Task.WhenAll(assignmentIds.Select(id => GrainFactory.GetGrain<IAssignmentGrain>(id).GetAsync()));
        var now = time.GetUtcNow();
        ImmutableArray<UpcomingDeadline> upcoming = [.. assignments
            .OfType<AssignmentSnapshot>()
            .Where(a => !a.Closed && a.Details.DueAt > now && a.Details.DueAt <= now + UpcomingWindow)
            .OrderBy(a => a.Details.DueAt)
            .Select(a => new UpcomingDeadline(a.AssignmentId, a.Details.Title, a.Details.DueAt))];

        var pages = await EnrolledStudents.PageCountAsync(GrainFactory, bootcampId);
        // A few pages at a time: all hundred of a large bootcamp at once only queue up on the storage's one writer.
        foreach (var wave in Enumerable.Range(0, pages).Chunk(PagesInFlight))
        {
            await Task.WhenAll(wave.Select(page => RunPageAsync(bootcampId, page, isoWeek, snapshot.Details.Title, assignmentIds.Count, upcoming)));
        }
    }

    /// <summary>A page that fails is tried once more (its emails are idempotent); one bad page never stops the others.</summary>
    private async Task RunPageAsync(string bootcampId, int page, string isoWeek, string title, int totalAssignments, ImmutableArray<UpcomingDeadline> upcoming)
    {
        var worker = GrainFactory.GetGrain<IWeeklyReportPageGrain>(IWeeklyReportPageGrain.KeyOf(bootcampId, page));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await worker.RunAsync(isoWeek, title, totalAssignments, upcoming);
                return;
            }
            catch (Exception failure) when (failure is TimeoutException or OrleansException or DomainException && attempt < 2)
            {
                logger.LogWarning(failure, "Weekly reports {Week} of bootcamp {BootcampId}, roster page {Page}, failed; trying it again", isoWeek, bootcampId, page);
            }
        }
    }
}
