using System.Collections.Immutable;
using Cohortly.Assignments;

namespace Cohortly.Analytics;

/// <summary>The dashboard's figures computed from a projection's facts, as docs/metrics.md defines them.</summary>
public static class BootcampFigures
{
    public static BootcampDashboard Compute(string bootcampId, BootcampAnalyticsState facts, IReadOnlyList<AssignmentSnapshot> assignments,
        DateTimeOffset now, TimeZoneInfo zone)
    {
        var enrolled = facts.Students.Where(s => s.Value.Enrolled).Select(s => s.Key).ToList();
        var perAssignment = new List<AssignmentSubmissions>();
        var perStudent = enrolled.ToDictionary(id => id, _ => new StudentTally());
        foreach (var assignment in assignments)
        {
            int onTime = 0, late = 0, missing = 0;
            foreach (var studentId in enrolled)
            {
                var tally = perStudent[studentId];
                var work = facts.Work.GetValueOrDefault(ISubmissionGrain.KeyOf(assignment.AssignmentId, studentId));
                if (work is { LatestVersion: > 0 })
                {
                    tally.Submitted++;
                    if (work.Late)
                    {
                        late++;
                        tally.Late++;
                    }
                    else
                    {
                        onTime++;
                    }
                    if (work.ScorePercent is { } score)
                    {
                        tally.Scores.Add(score);
                    }
                }
                else if ((work?.ExtendedDueAt ?? assignment.Details.DueAt) < now)
                {
                    missing++;
                    tally.Missed++;
                }
            }
            perAssignment.Add(new AssignmentSubmissions(assignment.AssignmentId, assignment.Details.Title, onTime, late, missing));
        }
        var scores = perStudent.Values.SelectMany(t => t.Scores).ToList();
        decimal? average = scores.Count == 0 ? null : Math.Round(scores.Average(), 2);
        var histogram = Enumerable.Range(0, 10)
            .Select(band => new GradeBucket(band * 10, band * 10 + 10, scores.Count(s => AnalyticsRules.BandOf(s) == band)))
            .ToImmutableArray();
        var completed = assignments.Count == 0 ? 0 : perStudent.Values.Count(t => t.Submitted == assignments.Count);
        var enrollmentsByDay = facts.Students.Values
            .GroupBy(s => AnalyticsRules.LocalDay(s.EnrolledAt, zone))
            .OrderBy(g => g.Key)
            .Select(g => new DayCount(g.Key, g.Count()))
            .ToImmutableArray();
        var activeByDay = facts.ActiveByDay
            .Select(day => new DayCount(day.Key, day.Value.Count(facts.Students.ContainsKey)))
            .Where(day => day.Count > 0)
            .OrderBy(day => day.Date)
            .ToImmutableArray();
        var active = enrolled.Count(id => facts.Students[id].LastActiveAt is { } at && now - at <= AnalyticsRules.ActiveWindow);
        var atRisk = enrolled
            .Select(id => AtRisk.Score(id, facts.Students[id], perStudent[id], average, now))
            .OfType<AtRiskStudent>()
            .OrderByDescending(s => s.Score).ThenBy(s => s.StudentId, StringComparer.Ordinal)
            .Take(AnalyticsRules.AtRiskListLength)
            .ToImmutableArray();
        return new BootcampDashboard(bootcampId, zone.Id, enrolled.Count, active, AnalyticsRules.Rate(completed, enrolled.Count), average,
            new SubmissionTotals(perAssignment.Sum(a => a.OnTime), perAssignment.Sum(a => a.Late), perAssignment.Sum(a => a.Missing)),
            enrollmentsByDay, [.. perAssignment], histogram, activeByDay, atRisk, now);
    }

    /// <summary>One enrolled student's work summed over the bootcamp's assignments.</summary>
    internal sealed class StudentTally
    {
        public int Submitted { get; set; }

        public int Late { get; set; }

        public int Missed { get; set; }

        public List<decimal> Scores { get; } = [];
    }
}
