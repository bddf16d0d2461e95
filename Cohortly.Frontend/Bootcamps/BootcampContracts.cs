using System.ComponentModel.DataAnnotations;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Frontend.Infrastructure.OpenApi;

namespace Cohortly.Frontend.Bootcamps;

// Fields are nullable so a missing one is a field error, not an unreadable body; [Required] marks, for the published
// schema, the ones the endpoint's field checks demand.
public sealed record CreateBootcampRequest(
    [property: Required] string? Title,
    string? Description,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt,
    [property: Required] int? Capacity,
    long? PriceMinor,
    string? Currency,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? Skills,
    int? InstallmentCount = null,
    bool? IncludedInSubscription = null);

/// <summary>A merge patch: fields left out stay as they are.</summary>
public sealed record UpdateBootcampRequest(
    string? Title,
    string? Description,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    int? Capacity,
    long? PriceMinor,
    string? Currency,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<string>? Skills,
    int? InstallmentCount = null,
    bool? IncludedInSubscription = null);

public sealed record AssignStaffRequest([property: Required] string? UserId, [property: Required, EnumValues(Roles.Instructor, Roles.Mentor)] string? Role);

public sealed record StaffMember(string UserId, string DisplayName, [property: EnumValues(Roles.Instructor, Roles.Mentor)] string Role);

public sealed record BootcampResponse(
    string BootcampId,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    long PriceMinor,
    string Currency,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Skills,
    int EnrolledCount,
    int SeatsLeft,
    int AssignmentCount,
    IReadOnlyList<StaffMember> Staff,
    DateTimeOffset CreatedAt,
    int InstallmentCount,
    bool IncludedInSubscription);

public sealed record BootcampSummaryResponse(
    string BootcampId,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Capacity,
    int SeatsLeft,
    long PriceMinor,
    string Currency,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Skills)
{
    public static BootcampSummaryResponse From(CatalogEntry entry)
    {
        var d = entry.Details;
        return new(entry.BootcampId, d.Title, d.Description, d.StartsAt, d.EndsAt, d.Capacity, entry.SeatsLeft, d.PriceMinor, d.Currency, d.Tags, d.Skills);
    }
}

/// <summary><c>SuspendedReason</c> is set while the enrollment's access is paused (an overdue payment, a lapsed subscription).</summary>
public sealed record EnrollmentResponse(
    string BootcampId, string UserId, [property: EnumValues(typeof(EnrollmentStatus))] string Status, DateTimeOffset? EnrolledAt,
    string? SuspendedReason)
{
    public static EnrollmentResponse From(Enrollment enrollment) =>
        new(enrollment.BootcampId, enrollment.UserId, StatusName(enrollment.Status), enrollment.EnrolledAt,
            enrollment.Suspended ? enrollment.Holds[0].Reason : null);

    public static string StatusName(EnrollmentStatus status) => status.ToString().ToLowerInvariant();
}

public sealed record RosterEntryResponse(string UserId, string DisplayName, [property: EnumValues(typeof(EnrollmentStatus))] string Status, DateTimeOffset EnrolledAt)
{
    public static RosterEntryResponse From(RosterEntry entry) => new(entry.UserId, entry.DisplayName, EnrollmentResponse.StatusName(entry.Status), entry.EnrolledAt);
}

public sealed record ProgressResponse(int CompletedAssignments, int TotalAssignments, decimal? AverageScorePercent, int LateCount)
{
    public static ProgressResponse From(Progress progress) =>
        new(progress.CompletedAssignments, progress.TotalAssignments, progress.AverageScorePercent, progress.LateCount);
}

public sealed record MyBootcampResponse(
    string BootcampId,
    string Title,
    [property: EnumValues(typeof(MemberRole))] string Role,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    ProgressResponse? Progress)
{
    public static MyBootcampResponse From(MyBootcamp row) => new(row.Bootcamp.BootcampId, row.Bootcamp.Details.Title, row.Role.ToString().ToLowerInvariant(),
        row.Bootcamp.Details.StartsAt, row.Bootcamp.Details.EndsAt, row.Progress is null ? null : ProgressResponse.From(row.Progress));
}

/// <summary>A student's progress in each bootcamp they are enrolled in.</summary>
public sealed record ProgressCard(IReadOnlyList<MyBootcampResponse> Bootcamps);

public sealed record BootcampLink(string BootcampId, string Title, DateTimeOffset StartsAt);

/// <summary>The bootcamps an instructor teaches, for quick links (announce, new assignment) beside "new bootcamp".</summary>
public sealed record TeachingCard(IReadOnlyList<BootcampLink> Bootcamps);

public sealed record MentoredBootcamp(string BootcampId, string Title, int StudentCount, IReadOnlyList<RosterEntryResponse> Students);

/// <summary>A mentor's students per bootcamp (the first ones by enrollment; <c>studentCount</c> counts every enrollment).</summary>
public sealed record MentorStudentsCard(IReadOnlyList<MentoredBootcamp> Bootcamps);

/// <summary>Platform figures for admins. <c>startingSoon</c>: bootcamps starting within <c>soonDays</c> days.</summary>
public sealed record PlatformCard(int Bootcamps, int Enrollments, int SoonDays, IReadOnlyList<BootcampSummaryResponse> StartingSoon);
