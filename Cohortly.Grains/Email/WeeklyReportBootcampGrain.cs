using System.Collections.Immutable;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Microsoft.Extensions.Logging;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.weekly-report-bootcamp-state")]
public sealed class WeeklyReportBootcampState
{
    [Id(0)] public WeeklyBootcampRun? Run { get; set; }
}

/// <summary>
/// One bootcamp's part of a weekly run: reads its assignments once, then hands each roster page to a page worker, a few
/// at a time. The schedule hands the run over one-way and marks its week done, so the run is this grain's to finish:
/// it stores the pages done after each wave and keeps a reminder while the run is unfinished, which resumes a run that
/// a crash or a failed page cut short from the first page not done (its emails are keyed by student and week, so a
/// page done again sends nothing twice). One reminder row per bootcamp per week, dropped when the run finishes.
/// </summary>
[GrainType("weeklyreportbootcamp")]
public sealed class WeeklyReportBootcampGrain(
    [PersistentState("weekly-report-bootcamp", StorageNames.Cohortly)] IPersistentState<WeeklyReportBootcampState> state,
    TimeProvider time,
    ILogger<WeeklyReportBootcampGrain> logger) : Grain, IWeeklyReportBootcampGrain, IRemindable
{
    private const int PagesInFlight = 8;
    private const string ResumeReminder = "weekly-report-resume";

    /// <summary>How soon a run cut short is tried again.</summary>
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan UpcomingWindow = TimeSpan.FromDays(7);

    public async Task RunAsync(string isoWeek)
    {
        if (state.State.Run is { Finished: false } current && current.Week == isoWeek)
        {
            // The same week while its run is unfinished (the schedule's own resume): it goes on where it stopped.
            await ContinueAsync(current);
            return;
        }
        // A new week, or the same week again on purpose (an admin's early run): the whole roster, so students who
        // enrolled since are included; those already mailed are not mailed again.
        await this.RegisterOrUpdateReminder(ResumeReminder, ResumeAfter, ResumeAfter);
        var run = new WeeklyBootcampRun(isoWeek, 0, false, false);
        await SaveAsync(run);
        await ContinueAsync(run);
    }

    public Task<WeeklyBootcampRun?> GetRunAsync() => Task.FromResult(state.State.Run);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }
        if (state.State.Run is { Finished: false } run)
        {
            await ContinueAsync(run);
        }
        else if (await this.GetReminder(ResumeReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task ContinueAsync(WeeklyBootcampRun run)
    {
        try
        {
            await RunPagesAsync(run);
            await SaveAsync(run with { PagesDone = int.MaxValue, Finished = true, Stopped = false });
            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Nobody awaits a one-way run: say so, and leave the rest to the reminder.
            logger.LogError(failure, "Weekly reports {Week} of bootcamp {BootcampId} stopped after {Pages} roster pages; resuming within {Delay}",
                run.Week, this.GetPrimaryKeyString(), state.State.Run?.PagesDone, ResumeAfter);
            if (state.State.Run is { } stopped)
            {
                await SaveAsync(stopped with { Stopped = true });
            }
        }
    }

    private async Task RunPagesAsync(WeeklyBootcampRun run)
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
        for (var first = run.PagesDone; first < pages; first += PagesInFlight)
        {
            var wave = Enumerable.Range(first, Math.Min(PagesInFlight, pages - first)).ToList();
            await Task.WhenAll(wave.Select(page => RunPageAsync(bootcampId, page, run.Week, snapshot.Details.Title, assignmentIds.Count, upcoming)));
            await SaveAsync(run with { PagesDone = first + wave.Count, Stopped = false });
        }
    }

    private async Task SaveAsync(WeeklyBootcampRun run)
    {
        state.State.Run = run;
        await state.WriteStateAsync();
    }

    /// <summary>A page that fails is tried once more (its emails are idempotent); failing again, it stops the run for the reminder to resume.</summary>
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
