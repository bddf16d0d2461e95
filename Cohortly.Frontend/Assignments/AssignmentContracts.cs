using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Cohortly.Assignments;
using Cohortly.Frontend.Files;
using Cohortly.Frontend.Infrastructure.OpenApi;

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

/// <summary>
/// An assignment. Listed for a student, it carries their own standing (<c>myStatus</c>, <c>myScore</c> (the published
/// score, absent until graded), <c>late</c>, <c>myExtendedDueAt</c> when one was granted); for staff, and on the single-assignment
/// routes, those fields are absent.
/// </summary>
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
    DateTimeOffset CreatedAt,
    [property: EnumValues(typeof(WorkStatus)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MyStatus = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] decimal? MyScore = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Late = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? MyExtendedDueAt = null)
{
    public static AssignmentResponse From(AssignmentSnapshot snapshot)
    {
        var d = snapshot.Details;
        return new(snapshot.AssignmentId, snapshot.BootcampId, d.Title, d.Description, d.DueAt, d.MaxScore, d.AllowedExtensions,
            d.MaxFileBytes, new LatePolicyBody(d.LatePolicy.PercentPerDay, d.LatePolicy.FloorPercent), snapshot.Closed, snapshot.CreatedAt);
    }

    public static AssignmentResponse From(AssignmentRow row) => row.Mine is not { } mine
        ? From(row.Assignment)
        : From(row.Assignment) with
        {
            MyStatus = StatusName(mine.Status),
            MyScore = mine.Grade?.PublishedScore,
            Late = mine.Late,
            MyExtendedDueAt = mine.ExtendedDueAt,
        };

    public static string StatusName(WorkStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record GradebookAssignment(string AssignmentId, string Title, DateTimeOffset DueAt, decimal MaxScore);

/// <summary>One student's standing on one assignment: <c>score</c> is the published score once graded, <c>version</c> the latest handed in.</summary>
public sealed record GradebookCell(
    string AssignmentId,
    [property: EnumValues(typeof(WorkStatus))] string Status,
    decimal? Score,
    bool Late,
    int? Version);

public sealed record GradebookRowResponse(string StudentId, string DisplayName, IReadOnlyList<GradebookCell> Cells);

public sealed record GradebookResponse(IReadOnlyList<GradebookAssignment> Assignments, IReadOnlyList<GradebookRowResponse> Rows)
{
    public static GradebookResponse From(Gradebook gradebook) => new(
        [.. gradebook.Assignments.Select(a => new GradebookAssignment(a.AssignmentId, a.Details.Title, a.Details.DueAt, a.Details.MaxScore))],
        [.. gradebook.Rows.Select(row => new GradebookRowResponse(row.StudentId, row.DisplayName,
            [.. row.Cells.Select((cell, i) => new GradebookCell(gradebook.Assignments[i].AssignmentId, AssignmentResponse.StatusName(cell.Status),
                cell.Grade?.PublishedScore, cell.Late, cell.Version))]))]);
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

/// <summary>One assignment on a student's home: their status, the published score once graded, late.</summary>
public sealed record MyWorkItem(
    string AssignmentId,
    string BootcampId,
    string BootcampTitle,
    string Title,
    DateTimeOffset DueAt,
    DateTimeOffset? ExtendedDueAt,
    decimal MaxScore,
    [property: EnumValues(typeof(WorkStatus))] string Status,
    decimal? Score,
    bool Late,
    bool Closed);

public sealed record RecentGrade(
    string AssignmentId,
    string BootcampTitle,
    string Title,
    decimal Score,
    decimal MaxScore,
    string Feedback,
    DateTimeOffset GradedAt);

/// <summary>The student's "due next" (not graded yet, or due in the future; by due date) and their latest grades.</summary>
public sealed record MyWorkCard(IReadOnlyList<MyWorkItem> DueNext, IReadOnlyList<RecentGrade> RecentGrades);

public sealed record WaitingSubmission(string StudentId, string StudentName, int Version, DateTimeOffset SubmittedAt, bool Late);

public sealed record MissingStudent(string StudentId, string DisplayName);

/// <summary>One assignment with work to grade or students missing it; the lists hold the first few, the counts all.</summary>
public sealed record GradingItem(
    string AssignmentId,
    string BootcampId,
    string BootcampTitle,
    string Title,
    DateTimeOffset DueAt,
    int WaitingCount,
    IReadOnlyList<WaitingSubmission> OldestWaiting,
    int MissingCount,
    IReadOnlyList<MissingStudent> Missing);

/// <summary>An instructor's assignments with work waiting, the one holding the oldest waiting submission first.</summary>
public sealed record GradingCard(IReadOnlyList<GradingItem> Assignments);

public sealed record QuietStudentItem(string BootcampId, string BootcampTitle, string StudentId, string DisplayName, DateTimeOffset? LastSubmittedAt);

/// <summary>A mentor's students with no submission for <c>quietDays</c> days (counted from enrollment for those who never submitted).</summary>
public sealed record QuietStudentsCard(int QuietDays, int Total, IReadOnlyList<QuietStudentItem> Students);
