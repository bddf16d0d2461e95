using System.Globalization;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.weekly-report-schedule-state")]
public sealed class WeeklyReportScheduleState
{
    /// <summary>The ISO week whose scheduled run started and has not finished: a run a crash cut short.</summary>
    [Id(0)] public string? RunningWeek { get; set; }
    [Id(1)] public string? LastFinishedWeek { get; set; }
}

/// <summary>
/// Fires once a week at the configured local time (a reminder, so a restart does not skip a week) and fans the
/// week's reports out per bootcamp. Daylight saving shifts the UTC time, so each tick re-aims the next one, after the
/// run: while a run is under way the reminder ticks every few minutes instead, so a run a crash cut short is run
/// again (its emails are keyed by week and student, so those already sent are not sent twice).
/// </summary>
[GrainType("weeklyreportschedule")]
public sealed class WeeklyReportScheduleGrain(
    [PersistentState("weekly-report-schedule", StorageNames.Cohortly)] IPersistentState<WeeklyReportScheduleState> state,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<WeeklyReportScheduleGrain> logger) : Grain, IWeeklyReportScheduleGrain, IRemindable
{
    private const string WeeklyReminder = "weekly-reports";

    /// <summary>How soon a run cut short is resumed; longer than a run of 10,000 students takes (about a minute).</summary>
    private static readonly TimeSpan ResumeAfter = TimeSpan.FromMinutes(5);

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder(WeeklyReminder) is null)
        {
            await ScheduleNextAsync();
        }
    }

    public Task<int> RunNowAsync(Caller caller) =>
        caller.IsAdmin ? RunAsync(IsoWeekOf(LocalNow())) : throw DomainException.Forbidden("Only admins can send the weekly reports early.");

    private async Task<int> RunAsync(string week)
    {
        var bootcamps = await GrainFactory.GetCatalogAsync();
        var snapshots = await Task.WhenAll(bootcamps.Select(b => GrainFactory.GetGrain<IBootcampGrain>(b.BootcampId).GetAsync()));
        var students = snapshots.Sum(snapshot => snapshot?.EnrolledCount ?? 0);
        await Task.WhenAll(bootcamps.Select(b => GrainFactory.GetGrain<IWeeklyReportBootcampGrain>(b.BootcampId).RunAsync(week)));
        logger.LogInformation("Weekly reports for {Week}: started for {Count} students in {Bootcamps} bootcamps", week, students, bootcamps.Count);
        return students;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WeeklyReminder)
        {
            return;
        }
        var week = state.State.RunningWeek ?? IsoWeekOf(LocalNow());
        if (state.State.RunningWeek is null && state.State.LastFinishedWeek == week)
        {
            // A resume tick after the run finished: only the next week is left to aim at.
            await ScheduleNextAsync();
            return;
        }
        state.State.RunningWeek = week;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(WeeklyReminder, ResumeAfter, ResumeAfter);
        await RunAsync(week);
        state.State.RunningWeek = null;
        state.State.LastFinishedWeek = week;
        await state.WriteStateAsync();
        await ScheduleNextAsync();
    }

    private async Task ScheduleNextAsync()
    {
        var settings = options.Value.WeeklyReport;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZone);
        var local = LocalNow();
        var daysAhead = ((int)settings.DayOfWeek - (int)local.DayOfWeek + 7) % 7;
        var candidate = local.Date.AddDays(daysAhead) + settings.LocalTime.ToTimeSpan();
        if (candidate <= local.DateTime)
        {
            candidate = candidate.AddDays(7);
        }
        var dueUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified), zone);
        var dueIn = dueUtc - time.GetUtcNow().UtcDateTime;
        await this.RegisterOrUpdateReminder(WeeklyReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        logger.LogInformation("Next weekly reports at {Due:u} ({Day} {Time} {Zone})", dueUtc, settings.DayOfWeek, settings.LocalTime, settings.TimeZone);
    }

    private DateTimeOffset LocalNow() =>
        TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(options.Value.WeeklyReport.TimeZone));

    private static string IsoWeekOf(DateTimeOffset local) =>
        $"{ISOWeek.GetYear(local.DateTime)}-W{ISOWeek.GetWeekOfYear(local.DateTime):D2}";
}
