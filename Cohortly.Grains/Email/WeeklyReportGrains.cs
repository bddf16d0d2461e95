using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

/// <summary>
/// Fires once a week at the configured local time (a reminder, so a restart does not skip a week) and fans the
/// week's reports out per bootcamp. Daylight saving shifts the UTC time, so each tick re-aims the next one.
/// </summary>
public sealed class WeeklyReportScheduleGrain(
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<WeeklyReportScheduleGrain> logger) : Grain, IWeeklyReportScheduleGrain, IRemindable
{
    private const string WeeklyReminder = "weekly-reports";

    public async Task EnsureScheduledAsync()
    {
        if (await this.GetReminder(WeeklyReminder) is null)
        {
            await ScheduleNextAsync();
        }
    }

    public async Task<int> RunNowAsync()
    {
        var week = IsoWeekOf(LocalNow());
        var bootcamps = await GrainFactory.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetAllAsync();
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
        await ScheduleNextAsync();
        await RunNowAsync();
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

/// <summary>One bootcamp's part of a weekly run: reads its assignments once, then hands each roster page to a page worker.</summary>
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

/// <summary>The reports of one roster page: each student's progress, then the mailer in batches small enough to answer in time.</summary>
public sealed class WeeklyReportPageGrain : Grain, IWeeklyReportPageGrain
{
    private const int BatchSize = 16;

    public async Task<int> RunAsync(string isoWeek, string bootcampTitle, int totalAssignments, ImmutableArray<UpcomingDeadline> upcoming)
    {
        var key = this.GetPrimaryKeyString();
        var separator = key.LastIndexOf('/');
        var bootcampId = key[..separator];
        var page = int.Parse(key[(separator + 1)..], CultureInfo.InvariantCulture);

        var students = await EnrolledStudents.OnPageAsync(GrainFactory, bootcampId, page);
        var reports = await Task.WhenAll(students.Select(async student =>
        {
            var progress = await GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(bootcampId, student.UserId)).GetAsync(totalAssignments);
            return new WeeklyReportRequest(student.UserId, bootcampId, bootcampTitle, isoWeek, progress, upcoming);
        }));
        foreach (var batch in reports.Chunk(BatchSize))
        {
            await GrainFactory.GetGrain<IMailerGrain>(0).SendWeeklyReportsAsync([.. batch]);
        }
        return reports.Length;
    }
}
