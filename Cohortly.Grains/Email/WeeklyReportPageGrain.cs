using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Assignments;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

/// <summary>The reports of one roster page: each student's progress, the mailer's rendering, then one outbox batch for the page.</summary>
[GrainType("weeklyreportpage")]
public sealed class WeeklyReportPageGrain : Grain, IWeeklyReportPageGrain
{
    private const int ComposeSize = 16;

    /// <summary>
    /// A student keeps their roster slot across withdrawal and return, so they are on the same page every run of a week:
    /// the page's batch holds their report, and a re-run finds it there by its message id.
    /// </summary>
    public static string BatchKeyOf(string bootcampId, string isoWeek, int page) => $"weekly-report/{bootcampId}/{isoWeek}/{page}";

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
        // Rendered in small calls that answer in time (pages run several at once), then stored as one batch: one row,
        // one shard entry, sent together.
        var emails = ImmutableArray.CreateBuilder<OutgoingEmail>(reports.Length);
        foreach (var chunk in reports.Chunk(ComposeSize))
        {
            emails.AddRange(await GrainFactory.GetGrain<IMailerGrain>(0).ComposeWeeklyReportsAsync([.. chunk]));
        }
        if (emails.Count > 0)
        {
            await GrainFactory.GetGrain<IOutboxBatchGrain>(IOutboxBatchGrain.KeyOf(BatchKeyOf(bootcampId, isoWeek, page))).EnqueueAsync(emails.ToImmutable());
        }
        return reports.Length;
    }
}
