using System.Collections.Immutable;
using System.Globalization;
using Cohortly.Assignments;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

/// <summary>The reports of one roster page: each student's progress, then the mailer in batches small enough to answer in time.</summary>
[GrainType("weeklyreportpage")]
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
