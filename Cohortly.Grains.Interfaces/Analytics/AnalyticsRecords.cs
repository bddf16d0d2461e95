using System.Collections.Immutable;

namespace Cohortly.Analytics;

[GenerateSerializer, Immutable, Alias("cohortly.analytics.day-count")]
public sealed record DayCount(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] int Count);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.submission-totals")]
public sealed record SubmissionTotals(
    [property: Id(0)] int OnTime,
    [property: Id(1)] int Late,
    [property: Id(2)] int Missing);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.assignment-submissions")]
public sealed record AssignmentSubmissions(
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string Title,
    [property: Id(2)] int OnTime,
    [property: Id(3)] int Late,
    [property: Id(4)] int Missing);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.grade-bucket")]
public sealed record GradeBucket(
    [property: Id(0)] int FromPercent,
    [property: Id(1)] int ToPercent,
    [property: Id(2)] int Count);

/// <summary>A student the at-risk rules score above zero, with the (at most three) signals that weigh most, in words.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.at-risk-student")]
public sealed record AtRiskStudent(
    [property: Id(0)] string StudentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] int Score,
    [property: Id(3)] ImmutableArray<string> Reasons);

/// <summary>The headline figures of a bootcamp's previous cohort, shown beside this one's (docs/metrics.md).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.cohort-headline")]
public sealed record CohortHeadline(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string Title,
    [property: Id(2)] int Enrolled,
    [property: Id(3)] decimal CompletionRate,
    [property: Id(4)] decimal? AverageScorePercent,
    [property: Id(5)] SubmissionTotals Submissions);

/// <summary>One bootcamp's dashboard, as docs/metrics.md defines each figure.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.bootcamp-dashboard")]
public sealed record BootcampDashboard(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string TimeZone,
    [property: Id(2)] int Enrolled,
    [property: Id(3)] int Active,
    [property: Id(4)] decimal CompletionRate,
    [property: Id(5)] decimal? AverageScorePercent,
    [property: Id(6)] SubmissionTotals Submissions,
    [property: Id(7)] ImmutableArray<DayCount> EnrollmentsByDay,
    [property: Id(8)] ImmutableArray<AssignmentSubmissions> SubmissionsByAssignment,
    [property: Id(9)] ImmutableArray<GradeBucket> GradeHistogram,
    [property: Id(10)] ImmutableArray<DayCount> ActiveStudentsByDay,
    [property: Id(11)] ImmutableArray<AtRiskStudent> AtRisk,
    [property: Id(12)] DateTimeOffset ComputedAt,
    [property: Id(13)] CohortHeadline? PreviousCohort = null);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.month-count")]
public sealed record MonthCount(
    [property: Id(0)] string Month,
    [property: Id(1)] int Count);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.month-revenue")]
public sealed record MonthRevenue(
    [property: Id(0)] string Month,
    [property: Id(1)] string Currency,
    [property: Id(2)] long GrossMinor,
    [property: Id(3)] long DiscountsMinor,
    [property: Id(4)] long RefundsMinor)
{
    public long NetMinor => GrossMinor - DiscountsMinor - RefundsMinor;
}

[GenerateSerializer, Immutable, Alias("cohortly.analytics.bootcamp-completion")]
public sealed record BootcampCompletion(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string Title,
    [property: Id(2)] decimal Rate);

/// <summary>What one calendar month (UTC) holds for the platform view.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.month-figures")]
public sealed record MonthFigures(
    [property: Id(0)] string Month,
    [property: Id(1)] int Enrollments,
    [property: Id(2)] ImmutableArray<MonthRevenue> Revenue);

[GenerateSerializer, Immutable, Alias("cohortly.analytics.platform-view")]
public sealed record PlatformView(
    [property: Id(0)] int Users,
    [property: Id(1)] int ActiveUsers30d,
    [property: Id(2)] int Bootcamps,
    [property: Id(3)] ImmutableArray<MonthCount> EnrollmentsByMonth,
    [property: Id(4)] ImmutableArray<MonthRevenue> RevenueByMonth,
    [property: Id(5)] ImmutableArray<BootcampCompletion> CompletionRateByBootcamp);

/// <summary>The platform index: the months that hold figures, and each bootcamp's completion rate as its projection last saw it.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.analytics.platform-index-record")]
public sealed record PlatformIndex(
    [property: Id(0)] ImmutableArray<string> Months,
    [property: Id(1)] ImmutableArray<BootcampCompletion> Completion);
