using System.Collections.Immutable;
using Cohortly.Common;
using Microsoft.Extensions.Logging;

namespace Cohortly.Bootcamps;

/// <summary>
/// Walks the catalog a page of bootcamps at a time and, per bootcamp, a roster page at a time: a bootcamp's seat count
/// should equal its students whose enrollment is active. Those counts are kept by hand (a seat is taken before the
/// enrollment is written), so a crash between the two can leave them apart; this puts them back and reports it.
/// Stateless: the catalog and the bootcamps are the truth, and a recount cut short is simply run again.
/// </summary>
[GrainType("recount")]
public sealed class RecountGrain(ILogger<RecountGrain> logger) : Grain, IRecountGrain, IRemindable
{
    private const string WeeklyReminder = "weekly-recount";
    private const int BootcampsPerPage = 50;
    private static readonly TimeSpan Weekly = TimeSpan.FromDays(7);

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
        var catalog = GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key);
        var checkedCount = 0;
        var drift = ImmutableArray.CreateBuilder<Drift>();
        string? after = null;
        while (await catalog.GetIdsAfterAsync(after, BootcampsPerPage) is { Count: > 0 } page)
        {
            foreach (var bootcampId in page)
            {
                if (await RecountSeatsAsync(bootcampId) is { } fixedDrift)
                {
                    drift.Add(fixedDrift);
                }
            }
            checkedCount += page.Count;
            after = page[^1];
        }
        var report = new RecountReport(checkedCount, drift.ToImmutable());
        foreach (var fixedDrift in report.DriftFixed)
        {
            logger.LogWarning("Recount fixed {What} of bootcamp {BootcampId}: was {Was}, now {Now}",
                fixedDrift.What, fixedDrift.BootcampId, fixedDrift.Was, fixedDrift.Now);
        }
        logger.LogInformation("Recount checked {Bootcamps} bootcamps and fixed {Drift} counts", report.BootcampsChecked, report.DriftFixed.Length);
        return report;
    }

    private async Task<Drift?> RecountSeatsAsync(string bootcampId)
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
        return await bootcamp.CorrectSeatsAsync(census, active.Count, stale);
    }
}
