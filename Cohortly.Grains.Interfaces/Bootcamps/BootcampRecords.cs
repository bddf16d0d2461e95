using System.Collections.Immutable;
using Cohortly.Assignments;

namespace Cohortly.Bootcamps;

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.bootcamp-details")]
public sealed record BootcampDetails(
    [property: Id(0)] string Title,
    [property: Id(1)] string Description,
    [property: Id(2)] DateTimeOffset StartsAt,
    [property: Id(3)] DateTimeOffset EndsAt,
    [property: Id(4)] int Capacity,
    [property: Id(5)] long PriceMinor,
    [property: Id(6)] string Currency,
    [property: Id(7)] ImmutableArray<string> Tags,
    [property: Id(8)] ImmutableArray<string> Skills)
{
    /// <summary>How many payments the price may be split into; 1 means it is paid at once.</summary>
    [Id(9)] public int InstallmentCount { get; init; } = 1;

    /// <summary>Platform subscribers enroll without paying for this bootcamp separately.</summary>
    [Id(10)] public bool IncludedInSubscription { get; init; }

    public bool IsFree => PriceMinor == 0;
}

/// <summary>Only the fields given change; the result is validated as a whole.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.bootcamp-patch")]
public sealed record BootcampPatch(
    [property: Id(0)] string? Title,
    [property: Id(1)] string? Description,
    [property: Id(2)] DateTimeOffset? StartsAt,
    [property: Id(3)] DateTimeOffset? EndsAt,
    [property: Id(4)] int? Capacity,
    [property: Id(5)] long? PriceMinor,
    [property: Id(6)] string? Currency,
    [property: Id(7)] ImmutableArray<string>? Tags,
    [property: Id(8)] ImmutableArray<string>? Skills)
{
    [Id(9)] public int? InstallmentCount { get; init; }

    [Id(10)] public bool? IncludedInSubscription { get; init; }

    public BootcampDetails ApplyTo(BootcampDetails details) => new(
        Title ?? details.Title,
        Description ?? details.Description,
        StartsAt ?? details.StartsAt,
        EndsAt ?? details.EndsAt,
        Capacity ?? details.Capacity,
        PriceMinor ?? details.PriceMinor,
        Currency ?? details.Currency,
        Tags ?? details.Tags,
        Skills ?? details.Skills)
    {
        InstallmentCount = InstallmentCount ?? details.InstallmentCount,
        IncludedInSubscription = IncludedInSubscription ?? details.IncludedInSubscription,
    };
}

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.bootcamp-snapshot")]
public sealed record BootcampSnapshot(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] BootcampDetails Details,
    [property: Id(2)] ImmutableArray<string> InstructorIds,
    [property: Id(3)] ImmutableArray<string> MentorIds,
    [property: Id(4)] int EnrolledCount,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] int AssignmentCount)
{
    public int SeatsLeft => Math.Max(0, Details.Capacity - EnrolledCount);

    public MemberRole StaffRoleOf(string userId) => BootcampRules.StaffRole(InstructorIds, MentorIds, userId);
}

/// <summary>How a user relates to one bootcamp. Admins are not members; they are let in by their global role.</summary>
public enum MemberRole
{
    None = 0,
    Student = 1,
    Mentor = 2,
    Instructor = 3,
}

public enum EnrollmentStatus
{
    None = 0,
    Active = 1,
    Withdrawn = 2,
}

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.enrollment-record")]
public sealed record Enrollment(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string UserId,
    [property: Id(2)] EnrollmentStatus Status,
    [property: Id(3)] DateTimeOffset? EnrolledAt)
{
    /// <summary>
    /// Why the student's access is paused while they stay enrolled (an overdue installment, a lapsed subscription).
    /// The seat, roster line and membership stay; the content is closed until every hold is lifted.
    /// </summary>
    [Id(4)] public ImmutableArray<AccessHold> Holds { get; init; } = [];

    public bool Suspended => Status == EnrollmentStatus.Active && !Holds.IsDefaultOrEmpty;
}

/// <summary>
/// One reason an enrollment's access is paused. <paramref name="Key"/> names who placed it (e.g. <c>payment/{id}</c>,
/// <c>subscription/{id}</c>), so each holder lifts only its own and a repeat changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.access-hold")]
public sealed record AccessHold(
    [property: Id(0)] string Key,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset Since);

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.roster-entry")]
public sealed record RosterEntry(
    [property: Id(0)] string UserId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] EnrollmentStatus Status,
    [property: Id(3)] DateTimeOffset EnrolledAt);

/// <summary>One row of the catalog: what a visitor needs to choose a bootcamp.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.catalog-entry")]
public sealed record CatalogEntry(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] BootcampDetails Details,
    [property: Id(2)] int SeatsLeft,
    [property: Id(3)] DateTimeOffset CreatedAt);

/// <summary>Every catalog row, and the version of the catalog they are: a reader holding this version is told nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.catalog-rows")]
public sealed record CatalogRows(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<CatalogEntry> Entries);

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.membership")]
public sealed record Membership(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] MemberRole Role,
    [property: Id(2)] DateTimeOffset Since);

public enum SeatOutcome
{
    Taken = 0,
    Full = 1,
    PaymentRequired = 2,
    NoSuchBootcamp = 3,
    /// <summary>The student is on this bootcamp's staff, who cannot enroll in it.</summary>
    Staff = 4,
}

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.seat-grant")]
public sealed record SeatGrant(
    [property: Id(0)] SeatOutcome Outcome,
    [property: Id(1)] int Slot,
    [property: Id(2)] string BootcampTitle);

/// <summary>One of the caller's bootcamps: the bootcamp, their role in it and, for a student, their progress.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.my-bootcamp")]
public sealed record MyBootcamp(
    [property: Id(0)] BootcampSnapshot Bootcamp,
    [property: Id(1)] MemberRole Role,
    [property: Id(2)] Progress? Progress);

/// <summary>The admin's view of the catalog, from the catalog readers' snapshot (at most a second old).</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.platform-stats")]
public sealed record PlatformStats(
    [property: Id(0)] int Bootcamps,
    [property: Id(1)] int Enrollments,
    [property: Id(2)] ImmutableArray<CatalogEntry> StartingSoon);

/// <summary>What a bootcamp's seat count rests on, read at one moment, so a correction can tell whether seats moved since.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.seat-census")]
public sealed record SeatCensus(
    [property: Id(0)] int EnrolledCount,
    [property: Id(1)] int RosterLength,
    [property: Id(2)] ImmutableArray<string> SeatHolders);

/// <summary>One count the recount found wrong and fixed.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.drift")]
public sealed record Drift(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string What,
    [property: Id(2)] int Was,
    [property: Id(3)] int Now);

/// <summary>One student's progress in one bootcamp that the recount found apart from their submissions and put back.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.progress-drift")]
public sealed record ProgressDrift(
    [property: Id(0)] string BootcampId,
    [property: Id(1)] string StudentId,
    [property: Id(2)] Progress Was,
    [property: Id(3)] Progress Now);

[GenerateSerializer, Immutable, Alias("cohortly.bootcamps.recount-report")]
public sealed record RecountReport(
    [property: Id(0)] int BootcampsChecked,
    [property: Id(1)] ImmutableArray<Drift> DriftFixed,
    [property: Id(2)] int StudentsChecked,
    [property: Id(3)] ImmutableArray<ProgressDrift> ProgressFixed);
