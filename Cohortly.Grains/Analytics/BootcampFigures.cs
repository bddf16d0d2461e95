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
        var perStudent = enrolled.ToDictionary(id => id, _ => new StudentTally());
        var (onTime, late, missing) = (new int[assignments.Count], new int[assignments.Count], new int[assignments.Count]);
        var workByStudent = facts.WorkByStudent();
        // Student by student, so each student's work is found once and each assignment's is a lookup in a small dictionary.
        foreach (var studentId in enrolled)
        {
            var tally = perStudent[studentId];
            var works = workByStudent.GetValueOrDefault(studentId);
            for (var a = 0; a < assignments.Count; a++)
            {
                var assignment = assignments[a];
                var work = works?.GetValueOrDefault(assignment.AssignmentId);
                if (work is { LatestVersion: > 0 })
                {
                    tally.Submitted++;
                    if (work.Late)
                    {
                        late[a]++;
                        tally.Late++;
                    }
                    else
                    {
                        onTime[a]++;
                    }
                    if (work.ScorePercent is { } score)
                    {
                        tally.Scores.Add(score);
                    }
                }
                else if ((work?.ExtendedDueAt ?? assignment.Details.DueAt) < now)
                {
                    missing[a]++;
                    tally.Missed++;
                }
            }
        }
        var perAssignment = assignments
            .Select((assignment, a) => new AssignmentSubmissions(assignment.AssignmentId, assignment.Details.Title, onTime[a], late[a], missing[a]))
            .ToList();
        var scores = perStudent.Values.SelectMany(t => t.Scores).ToList();
        decimal? average = scores.Count == 0 ? null : Math.Round(scores.Average(), 2);
        var bands = new int[10];
        foreach (var score in scores)
        {
            bands[AnalyticsRules.BandOf(score)]++;
        }
        var histogram = bands.Select((count, band) => new GradeBucket(band * 10, band * 10 + 10, count)).ToImmutableArray();
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
