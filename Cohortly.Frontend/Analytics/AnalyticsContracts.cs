using System.Collections.Immutable;
using Cohortly.Analytics;

namespace Cohortly.Frontend.Analytics;

public sealed record SubmissionTotalsResponse(int OnTime, int Late, int Missing);

public sealed record DayCountResponse(DateOnly Date, int Count);

public sealed record AssignmentSubmissionsResponse(string AssignmentId, string Title, int OnTime, int Late, int Missing);

public sealed record GradeBucketResponse(int FromPercent, int ToPercent, int Count);

public sealed record AtRiskResponse(string StudentId, string DisplayName, int Score, ImmutableArray<string> Reasons);

/// <summary>The previous cohort's headline figures, beside this one's.</summary>
public sealed record PreviousCohortResponse(string BootcampId, string Title, int Enrolled, decimal CompletionRate, decimal? AverageScorePercent,
    SubmissionTotalsResponse Submissions);

/// <summary>A bootcamp's dashboard; every figure is defined in docs/metrics.md. <c>completionRate</c> is a fraction from 0 to 1.</summary>
public sealed record BootcampAnalyticsResponse(
    string BootcampId, string TimeZone, int Enrolled, int Active, decimal CompletionRate, decimal? AverageScorePercent,
    SubmissionTotalsResponse Submissions, ImmutableArray<DayCountResponse> EnrollmentsByDay,
    ImmutableArray<AssignmentSubmissionsResponse> SubmissionsByAssignment, ImmutableArray<GradeBucketResponse> GradeHistogram,
    ImmutableArray<DayCountResponse> ActiveStudentsByDay, ImmutableArray<AtRiskResponse> AtRisk, DateTimeOffset ComputedAt,
    PreviousCohortResponse? PreviousCohort)
{
    public static BootcampAnalyticsResponse From(BootcampDashboard d) => new(
        d.BootcampId, d.TimeZone, d.Enrolled, d.Active, d.CompletionRate, d.AverageScorePercent,
        new SubmissionTotalsResponse(d.Submissions.OnTime, d.Submissions.Late, d.Submissions.Missing),
        [.. d.EnrollmentsByDay.Select(c => new DayCountResponse(c.Date, c.Count))],
        [.. d.SubmissionsByAssignment.Select(a => new AssignmentSubmissionsResponse(a.AssignmentId, a.Title, a.OnTime, a.Late, a.Missing))],
        [.. d.GradeHistogram.Select(b => new GradeBucketResponse(b.FromPercent, b.ToPercent, b.Count))],
        [.. d.ActiveStudentsByDay.Select(c => new DayCountResponse(c.Date, c.Count))],
        [.. d.AtRisk.Select(s => new AtRiskResponse(s.StudentId, s.DisplayName, s.Score, s.Reasons))],
        d.ComputedAt,
        d.PreviousCohort is { } p
            ? new PreviousCohortResponse(p.BootcampId, p.Title, p.Enrolled, p.CompletionRate, p.AverageScorePercent,
                new SubmissionTotalsResponse(p.Submissions.OnTime, p.Submissions.Late, p.Submissions.Missing))
            : null);
}

/// <summary>Replaces both settings: a missing <c>previousBootcampId</c> means no comparison.</summary>
public sealed record AnalyticsSettingsBody(string? TimeZone, string? PreviousBootcampId);

public sealed record RebuildResponse(string BootcampId, DateTimeOffset RebuiltAt);

public sealed record MonthCountResponse(string Month, int Count);

public sealed record MonthRevenueResponse(string Month, string Currency, long GrossMinor, long DiscountsMinor, long RefundsMinor, long NetMinor);

public sealed record BootcampCompletionResponse(string BootcampId, string Title, decimal Rate);

public sealed record PlatformAnalyticsResponse(
    int Users, int ActiveUsers30d, int Bootcamps, ImmutableArray<MonthCountResponse> EnrollmentsByMonth,
    ImmutableArray<MonthRevenueResponse> RevenueByMonth, ImmutableArray<BootcampCompletionResponse> CompletionRateByBootcamp)
{
    public static PlatformAnalyticsResponse From(PlatformView p) => new(
        p.Users, p.ActiveUsers30d, p.Bootcamps,
        [.. p.EnrollmentsByMonth.Select(m => new MonthCountResponse(m.Month, m.Count))],
        [.. p.RevenueByMonth.Select(r => new MonthRevenueResponse(r.Month, r.Currency, r.GrossMinor, r.DiscountsMinor, r.RefundsMinor, r.NetMinor))],
        [.. p.CompletionRateByBootcamp.Select(c => new BootcampCompletionResponse(c.BootcampId, c.Title, c.Rate))]);
}

/// <summary>The hub's <c>analytics</c> message: one dashboard figure's new value.</summary>
public sealed record AnalyticsMessage(string BootcampId, string Metric, decimal? Value, DateTimeOffset At);
