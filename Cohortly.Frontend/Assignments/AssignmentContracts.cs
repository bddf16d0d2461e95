using System.ComponentModel.DataAnnotations;
using Cohortly.Assignments;
using Cohortly.Frontend.Files;

namespace Cohortly.Frontend.Assignments;

// Request fields are nullable so a missing one is a field error; [Required] marks, for the published schema, the ones the
// endpoint's field checks demand.
public sealed record LatePolicyBody(decimal? PercentPerDay, decimal? FloorPercent);

public sealed record CreateAssignmentRequest(
    [property: Required] string? Title,
    string? Description,
    [property: Required] DateTimeOffset? DueAt,
    [property: Required] decimal? MaxScore,
    IReadOnlyList<string>? AllowedExtensions,
    long? MaxFileBytes,
    LatePolicyBody? LatePolicy);

public sealed record UpdateAssignmentRequest(DateTimeOffset? DueAt, bool? Closed, LatePolicyBody? LatePolicy);

public sealed record SubmitRequest(string? Text, IReadOnlyList<string>? FileIds);

public sealed record GradeRequest([property: Required] decimal? Score, string? Feedback);

public sealed record ExtensionRequest([property: Required] DateTimeOffset? DueAt);

public sealed record AssignmentResponse(
    string AssignmentId,
    string BootcampId,
    string Title,
    string Description,
    DateTimeOffset DueAt,
    decimal MaxScore,
    IReadOnlyList<string> AllowedExtensions,
    long MaxFileBytes,
    LatePolicyBody LatePolicy,
    bool Closed,
    DateTimeOffset CreatedAt)
{
    public static AssignmentResponse From(AssignmentSnapshot snapshot)
    {
        var d = snapshot.Details;
        return new(snapshot.AssignmentId, snapshot.BootcampId, d.Title, d.Description, d.DueAt, d.MaxScore, d.AllowedExtensions,
            d.MaxFileBytes, new LatePolicyBody(d.LatePolicy.PercentPerDay, d.LatePolicy.FloorPercent), snapshot.Closed, snapshot.CreatedAt);
    }
}

public sealed record GradeResponse(
    decimal Score,
    decimal PublishedScore,
    decimal MaxScore,
    string Feedback,
    int Version,
    int DaysLate,
    DateTimeOffset GradedAt)
{
    public static GradeResponse? From(Grade? grade) => grade is null
        ? null
        : new(grade.Score, grade.PublishedScore, grade.MaxScore, grade.Feedback, grade.Version, grade.DaysLate, grade.GradedAt);
}

public sealed record SubmissionReceiptResponse(int Version, DateTimeOffset SubmittedAt, bool Late);

public sealed record SubmissionVersionResponse(
    string AssignmentId,
    string StudentId,
    int Version,
    string? Text,
    IReadOnlyList<string> FileIds,
    DateTimeOffset SubmittedAt,
    bool Late,
    int DaysLate,
    GradeResponse? Grade,
    IReadOnlyList<AttachedFileResponse> Files)
{
    public static SubmissionVersionResponse From(SubmissionVersion version, Grade? grade) =>
        new(version.AssignmentId, version.StudentId, version.Version, version.Text, version.FileIds, version.SubmittedAt,
            version.Late, version.DaysLate, grade?.Version == version.Version ? GradeResponse.From(grade) : null,
            [.. version.AttachedFiles.Select(AttachedFileResponse.From)]);
}

public sealed record SubmissionSummaryResponse(
    string StudentId,
    string StudentName,
    int LatestVersion,
    DateTimeOffset SubmittedAt,
    bool Late,
    GradeResponse? Grade,
    DateTimeOffset? ExtendedDueAt)
{
    public static SubmissionSummaryResponse From(SubmissionSummary summary) =>
        new(summary.StudentId, summary.StudentName, summary.LatestVersion, summary.SubmittedAt, summary.Late,
            GradeResponse.From(summary.Grade), summary.ExtendedDueAt);
}
