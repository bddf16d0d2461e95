using System.Collections.Immutable;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// The custom reports of one bootcamp, computed from the same facts and rules as its dashboard (docs/metrics.md, "Custom
/// reports"), so a report over the whole history equals the dashboard's figure.
/// </summary>
public sealed partial class BootcampAnalyticsGrain : IBootcampReportsGrain
{
    public async Task RequireReportReaderAsync(Caller caller, ReportQuery query) => await RequireReportCallerAsync(caller, query);

    public async IAsyncEnumerable<ReportRow> RowsAsync(Caller caller, ReportQuery query)
    {
        var bootcamp = await RequireReportCallerAsync(caller, query);
        await EnsureBuiltAsync();
        // The rows are made whole before the first is handed out: between batches other calls (events) may run, and they
        // change the facts being read.
        var rows = query.Metric == ReportsRules.Revenue
            ? await RevenueRowsAsync(bootcamp, query)
            : await FactRowsAsync(bootcamp, query);
        foreach (var row in rows)
        {
            yield return row;
        }
    }

    private async Task<BootcampSnapshot> RequireReportCallerAsync(Caller caller, ReportQuery query)
    {
        var bootcamp = await GrainFactory.RequireStaffAsync(caller, BootcampId, "Only the bootcamp's staff and admins can see its reports.");
        if (query.Metric == ReportsRules.Revenue && !caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see revenue.");
        }
        return bootcamp;
    }

    private async Task<List<ReportRow>> RevenueRowsAsync(BootcampSnapshot bootcamp, ReportQuery query)
    {
        var rows = await GrainFactory.GetGrain<IBootcampRevenueGrain>(BootcampId).RowsAsync(query, state.State.TimeZone);
        return
        [
            .. rows.Select(row => query.GroupBy == ReportsRules.ByBootcamp
                ? row with { Keys = [BootcampId, bootcamp.Details.Title, row.Keys[1]] }
                : row),
        ];
    }

    private async Task<List<ReportRow>> FactRowsAsync(BootcampSnapshot bootcamp, ReportQuery query)
    {
        var facts = state.State;
        var zone = Zone;
        var now = time.GetUtcNow();
        var table = new ReportTable();
        var names = query.GroupBy == ReportsRules.ByStudent ? await StudentNamesAsync() : [];
        string[] StudentKeys(string studentId) => [studentId, names.GetValueOrDefault(studentId) ?? studentId];
        string[] DayKeys(DateOnly day) => query.GroupBy == ReportsRules.ByBootcamp
            ? [BootcampId, bootcamp.Details.Title]
            : [ReportsRules.BucketOf(day, query.GroupBy)];
        var enrolled = facts.Students.Where(s => s.Value.Enrolled).Select(s => s.Key).ToList();
        if (query.GroupBy == ReportsRules.ByBootcamp && query.Metric is not (ReportsRules.AverageScore or ReportsRules.Completion))
        {
            // A bootcamp where nothing counted is a zero, not a missing row (an average of nothing is left out).
            table.Add(DayKeys(default), 0);
        }
        switch (query.Metric)
        {
            case ReportsRules.Enrollments:
                // As enrollmentsByDay: every student who ever enrolled, on the day of their latest enrollment.
                foreach (var student in facts.Students.Values)
                {
                    var day = AnalyticsRules.LocalDay(student.EnrolledAt, zone);
                    if (ReportsRules.InRange(day, query))
                    {
                        table.Add(DayKeys(day), 1);
                    }
                }
                break;
            case ReportsRules.ActiveStudents:
                var distinct = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                foreach (var (day, users) in facts.ActiveByDay)
                {
                    if (!ReportsRules.InRange(day, query))
                    {
                        continue;
                    }
                    foreach (var studentId in users.Where(facts.Students.ContainsKey))
                    {
                        if (query.GroupBy == ReportsRules.ByStudent)
                        {
                            table.Add(StudentKeys(studentId), 1);
                            continue;
                        }
                        // Per week, month or bootcamp a student active on several days counts once.
                        var keys = DayKeys(day);
                        if (!distinct.TryGetValue(keys[0], out var seen))
                        {
                            distinct[keys[0]] = seen = new HashSet<string>(StringComparer.Ordinal);
                        }
                        if (seen.Add(studentId))
                        {
                            table.Add(keys, 1);
                        }
                    }
                }
                break;
            default:
                var assignments = (await GrainFactory.ListAssignmentsAsync(BootcampId))
                    .Where(a => ReportsRules.InRange(AnalyticsRules.LocalDay(a.Details.DueAt, zone), query))
                    .ToList();
                WorkRows(query, table, assignments, enrolled, now, zone, StudentKeys, DayKeys);
                break;
        }
        return ReportTable.Ordered(table.Rows(sortByKey: ReportsRules.IsTimeSeries(query.GroupBy)), query.GroupBy);
    }

    /// <summary>
    /// Submissions on time / late / missing, the average score and completion, over the assignments due in the range and
    /// the students enrolled now, exactly as the dashboard counts them (<see cref="BootcampFigures"/>).
    /// </summary>
    private void WorkRows(ReportQuery query, ReportTable table, List<AssignmentSnapshot> assignments, List<string> enrolled,
        DateTimeOffset now, TimeZoneInfo zone, Func<string, string[]> studentKeys, Func<DateOnly, string[]> dayKeys)
    {
        var metric = query.Metric;
        if (metric == ReportsRules.Completion)
        {
            var completed = assignments.Count == 0 ? 0 : enrolled.Count(studentId => assignments.All(a =>
                state.State.Work.GetValueOrDefault(ISubmissionGrain.KeyOf(a.AssignmentId, studentId)) is { LatestVersion: > 0 }));
            table.Add(dayKeys(default), completed, enrolled.Count);
            return;
        }
        var counts = metric != ReportsRules.AverageScore;
        if (counts && query.GroupBy == ReportsRules.ByStudent)
        {
            // Every enrolled student has a row, with zeros when nothing counted.
            foreach (var studentId in enrolled)
            {
                table.Add(studentKeys(studentId), 0);
            }
        }
        foreach (var assignment in assignments)
        {
            string[] keys = query.GroupBy == ReportsRules.ByAssignment
                ? [assignment.AssignmentId, assignment.Details.Title]
                : dayKeys(AnalyticsRules.LocalDay(assignment.Details.DueAt, zone));
            if (counts && query.GroupBy != ReportsRules.ByStudent)
            {
                table.Add(keys, 0);
            }
            foreach (var studentId in enrolled)
            {
                var rowKeys = query.GroupBy == ReportsRules.ByStudent ? studentKeys(studentId) : keys;
                var work = state.State.Work.GetValueOrDefault(ISubmissionGrain.KeyOf(assignment.AssignmentId, studentId));
                var handedIn = work is { LatestVersion: > 0 };
                var missing = !handedIn && (work?.ExtendedDueAt ?? assignment.Details.DueAt) < now;
                var counted = metric switch
                {
                    ReportsRules.Submissions => handedIn,
                    ReportsRules.OnTime => handedIn && !work!.Late,
                    ReportsRules.Late => handedIn && work!.Late,
                    ReportsRules.Missing => missing,
                    _ => false,
                };
                if (counted)
                {
                    table.Add(rowKeys, 1);
                }
                if (metric == ReportsRules.AverageScore && handedIn && work!.ScorePercent is { } score)
                {
                    table.Add(rowKeys, score, 1);
                }
            }
        }
    }

    /// <summary>Display names of everyone on the roster (withdrawn students too, whose history a report may show).</summary>
    private async Task<Dictionary<string, string>> StudentNamesAsync()
    {
        var census = await GrainFactory.GetGrain<IBootcampGrain>(BootcampId).GetSeatCensusAsync();
        var roster = await SlotPages.ReadAllAsync(census.RosterLength, IRosterPageGrain.Size,
            page => GrainFactory.GetGrain<IRosterPageGrain>(IRosterPageGrain.KeyOf(BootcampId, page)).GetEntriesAsync());
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in roster)
        {
            names[entry.UserId] = entry.DisplayName;
        }
        return names;
    }
}
