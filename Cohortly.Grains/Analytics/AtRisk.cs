using System.Collections.Immutable;
using System.Globalization;

namespace Cohortly.Analytics;

/// <summary>
/// The at-risk score: a transparent sum of weighted signals, each capped, the total at most 100 (the weights are in
/// <see cref="AnalyticsRules"/> and explained in docs/metrics.md). Only what the student did enters it: deadlines, lateness,
/// activity and scores, never who they are.
/// </summary>
public static class AtRisk
{
    internal static AtRiskStudent? Score(string studentId, StudentFacts student, BootcampFigures.StudentTally tally, decimal? cohortAverage, DateTimeOffset now)
    {
        var signals = new List<(int Points, string Reason)>();
        if (tally.Missed > 0)
        {
            signals.Add((Math.Min(AnalyticsRules.MissedDeadlineCap, tally.Missed * AnalyticsRules.PointsPerMissedDeadline),
                tally.Missed == 1 ? "1 missed deadline" : $"{tally.Missed} missed deadlines"));
        }
        if (tally.Late > 0)
        {
            signals.Add((Math.Min(AnalyticsRules.LateSubmissionCap, tally.Late * AnalyticsRules.PointsPerLateSubmission),
                tally.Late == 1 ? "1 late submission" : $"{tally.Late} late submissions"));
        }
        // Quiet since their last activity, or since they enrolled when there was none.
        var quietDays = (int)Math.Floor((now - (student.LastActiveAt ?? student.EnrolledAt)).TotalDays);
        if (quietDays >= AnalyticsRules.QuietDaysBeforeRisk)
        {
            signals.Add((Math.Min(AnalyticsRules.QuietCap,
                AnalyticsRules.QuietPointsAtThreshold + (quietDays - AnalyticsRules.QuietDaysBeforeRisk) * AnalyticsRules.QuietPointsPerExtraDay),
                $"no activity in {quietDays} days"));
        }
        if (tally.Scores.Count > 0 && cohortAverage is { } cohort)
        {
            var own = Math.Round(tally.Scores.Average(), 0);
            var gap = cohort - own - AnalyticsRules.AverageGapTolerance;
            if (gap > 0)
            {
                signals.Add(((int)Math.Min(AnalyticsRules.AverageGapCap, Math.Ceiling(gap)),
                    string.Create(CultureInfo.InvariantCulture, $"average {own:0} %, cohort {Math.Round(cohort, 0):0} %")));
            }
        }
        if (signals.Count == 0)
        {
            return null;
        }
        var ordered = signals.OrderByDescending(s => s.Points).ToList();
        return new AtRiskStudent(studentId, studentId, Math.Min(100, ordered.Sum(s => s.Points)), [.. ordered.Take(3).Select(s => s.Reason)]);
    }
}
