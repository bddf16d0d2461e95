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

/// <summary>What a listing of an assignment's submissions shows the caller: a student their own versions and grade, staff the latest row per student.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.assignments.submission-listing")]
public sealed record SubmissionListing(
    [property: Id(0)] PageSlice<SubmissionVersion>? OwnVersions,
    [property: Id(1)] Grade? OwnGrade,
    [property: Id(2)] PageSlice<SubmissionSummary>? Latest);
