using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Files;

namespace Cohortly.Assignments;

/// <summary>
/// Canvas-style late policy: <see cref="PercentPerDay"/> of the maximum score is deducted for each started day
/// late, but never below <see cref="FloorPercent"/> of the maximum (nor above the raw score).
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.late-policy")]
public sealed record LatePolicy(
    [property: Id(0)] decimal PercentPerDay,
    [property: Id(1)] decimal FloorPercent)
{
    public static readonly LatePolicy None = new(0, 0);

    public decimal Publish(decimal rawScore, decimal maxScore, int daysLate)
    {
        if (daysLate <= 0 || PercentPerDay <= 0)
        {
            return rawScore;
        }
        var deducted = rawScore - (maxScore * PercentPerDay * daysLate / 100m);
        var floor = Math.Min(rawScore, maxScore * FloorPercent / 100m);
        return Math.Round(Math.Max(deducted, floor), 2, MidpointRounding.AwayFromZero);
    }
}

[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-details")]
public sealed record AssignmentDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] decimal MaxScore,
    [property: Id(4)] ImmutableArray<string> AllowedExtensions,
    [property: Id(5)] long MaxFileBytes,
    [property: Id(6)] LatePolicy LatePolicy);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-snapshot")]
public sealed record AssignmentSnapshot(
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] AssignmentDetails Details,
    [property: Id(3)] bool Closed,
    [property: Id(4)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-patch")]
public sealed record AssignmentPatch(
    [property: Id(0)] DateTimeOffset? DueAt,
    [property: Id(1)] bool? Closed,
    [property: Id(2)] LatePolicy? LatePolicy);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-receipt")]
public sealed record SubmissionReceipt(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset SubmittedAt,
    [property: Id(2)] bool Late);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-version-record")]
public sealed record SubmissionVersion(
    [property: Id(0)] string AssignmentId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] int Version,
    [property: Id(3)] string? Text,
    [property: Id(4)] ImmutableArray<string> FileIds,
    [property: Id(5)] DateTimeOffset SubmittedAt,
    [property: Id(6)] bool Late,
    [property: Id(7)] int DaysLate,
    [property: Id(8)] ImmutableArray<AttachedFile> Files = default)
{
    /// <summary>Versions stored before files existed have none.</summary>
    public ImmutableArray<AttachedFile> AttachedFiles => Files.IsDefault ? [] : Files;
}

[GenerateSerializer, Immutable, Alias("cohortly.assignments.grade")]
public sealed record Grade(
    [property: Id(0)] decimal Score,
    [property: Id(1)] decimal PublishedScore,
    [property: Id(2)] decimal MaxScore,
    [property: Id(3)] string Feedback,
    [property: Id(4)] int Version,
    [property: Id(5)] int DaysLate,
    [property: Id(6)] DateTimeOffset GradedAt,
    [property: Id(7)] string GradedBy);

/// <summary>A student's standing on one assignment: what the staff list shows, one row per student.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-summary")]
public sealed record SubmissionSummary(
    [property: Id(0)] string StudentId,
    [property: Id(1)] string StudentName,
    [property: Id(2)] int LatestVersion,
    [property: Id(3)] DateTimeOffset SubmittedAt,
    [property: Id(4)] bool Late,
    [property: Id(5)] Grade? Grade,
    [property: Id(6)] DateTimeOffset? ExtendedDueAt);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.progress")]
public sealed record Progress(
    [property: Id(0)] int CompletedAssignments,
    [property: Id(1)] int TotalAssignments,
    [property: Id(2)] decimal? AverageScorePercent,
    [property: Id(3)] int LateCount);

/// <summary>What a student's progress keeps per assignment they submitted: the latest version's lateness and the grade as a percentage.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-standing")]
public sealed record AssignmentStanding(
    [property: Id(0)] bool Late,
    [property: Id(1)] decimal? ScorePercent)
{
    /// <summary>The standing a submission grain's summary implies; null before the first version.</summary>
    public static AssignmentStanding? Of(SubmissionSummary? summary) =>
        summary is not { LatestVersion: > 0 } submitted
            ? null
            : new AssignmentStanding(submitted.Late, submitted.Grade is { } grade ? PercentOf(grade) : null);

    public static decimal PercentOf(Grade grade) => Math.Round(grade.PublishedScore / grade.MaxScore * 100m, 2);
}

/// <summary>A student's progress as the recount found it and as it put it back.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.progress-correction")]
public sealed record ProgressCorrection(
    [property: Id(0)] Progress Was,
    [property: Id(1)] Progress Now);

/// <summary>What a listing of an assignment's submissions shows the caller: a student their own versions and grade, staff the latest row per student.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-listing")]
public sealed record SubmissionListing(
    [property: Id(0)] PageSlice<SubmissionVersion>? OwnVersions,
    [property: Id(1)] Grade? OwnGrade,
    [property: Id(2)] PageSlice<SubmissionSummary>? Latest);

/// <summary>Where a student stands on one assignment; written lower-case on the wire.</summary>
public enum WorkStatus
{
    Missing = 0,
    Submitted = 1,
    Graded = 2,
}

/// <summary>
/// A student's standing on one assignment, the one shape the assignment list, the home and the gradebook show.
/// <see cref="Late"/> is the latest version's lateness, or for work not handed in whether its (extended) due date has passed.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.student-standing")]
public sealed record StudentStanding(
    [property: Id(0)] WorkStatus Status,
    [property: Id(1)] int? Version,
    [property: Id(2)] bool Late,
    [property: Id(3)] Grade? Grade,
    [property: Id(4)] DateTimeOffset? SubmittedAt,
    [property: Id(5)] DateTimeOffset? ExtendedDueAt)
{
    public static StudentStanding Of(AssignmentSnapshot assignment, SubmissionSummary? summary, DateTimeOffset now)
    {
        if (summary is null || summary.LatestVersion == 0)
        {
            var dueAt = summary?.ExtendedDueAt ?? assignment.Details.DueAt;
            return new StudentStanding(WorkStatus.Missing, null, now > dueAt, null, null, summary?.ExtendedDueAt);
        }
        // A version sent after the grade is waiting for a new one: the old grade still shows, the status says "submitted".
        var status = summary.Grade?.Version == summary.LatestVersion ? WorkStatus.Graded : WorkStatus.Submitted;
        return new StudentStanding(status, summary.LatestVersion, summary.Late, summary.Grade, summary.SubmittedAt, summary.ExtendedDueAt);
    }
}

/// <summary>An assignment as one member sees it in a list: a student's own standing rides along; staff and admins get none.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.assignment-row")]
public sealed record AssignmentRow(
    [property: Id(0)] AssignmentSnapshot Assignment,
    [property: Id(1)] StudentStanding? Mine);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.gradebook-row")]
public sealed record GradebookRow(
    [property: Id(0)] string StudentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] ImmutableArray<StudentStanding> Cells);

/// <summary>Every active student × every assignment (by due date); a row's cells follow <see cref="Assignments"/>.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.gradebook")]
public sealed record Gradebook(
    [property: Id(0)] ImmutableArray<AssignmentSnapshot> Assignments,
    [property: Id(1)] ImmutableArray<GradebookRow> Rows);

/// <summary>One of a student's assignments across their bootcamps, for their home.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.my-assignment")]
public sealed record MyAssignment(
    [property: Id(0)] AssignmentSnapshot Assignment,
    [property: Id(1)] string BootcampTitle,
    [property: Id(2)] StudentStanding Standing);

/// <summary>
/// What an instructor has to do on one assignment: work waiting for a grade (oldest first, the first few) and, once it
/// is due, the students who have not handed anything in (the first few by name).
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.grading-work")]
public sealed record GradingWork(
    [property: Id(0)] AssignmentSnapshot Assignment,
    [property: Id(1)] string BootcampTitle,
    [property: Id(2)] int WaitingCount,
    [property: Id(3)] ImmutableArray<SubmissionSummary> OldestWaiting,
    [property: Id(4)] int MissingCount,
    [property: Id(5)] ImmutableArray<GradebookStudent> Missing);

[GenerateSerializer, Immutable, Alias("cohortly.assignments.gradebook-student")]
public sealed record GradebookStudent(
    [property: Id(0)] string StudentId,
    [property: Id(1)] string DisplayName);

/// <summary>A student of a mentor's bootcamp who has handed nothing in for a while (<see cref="LastSubmittedAt"/> null: never).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.quiet-student")]
public sealed record QuietStudent(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string BootcampTitle,
    [property: Id(2)] string StudentId,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] DateTimeOffset? LastSubmittedAt);
