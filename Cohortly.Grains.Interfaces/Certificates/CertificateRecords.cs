using System.Collections.Immutable;
using Cohortly.Bootcamps;

namespace Cohortly.Certificates;

/// <summary>
/// A bootcamp's certificate rule and template. <see cref="Default"/> until staff save their own. <see cref="LogoFileId"/>
/// is the uploaded image staff chose; <see cref="LogoKey"/> the copy the settings grain keeps of it (named by its SHA-256),
/// so certificates print the same logo even after the upload is deleted.
/// </summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.settings-record")]
public sealed record CertificateSettings(
    [property: Id(0)] decimal PassPercent,
    [property: Id(1)] bool RequireAllAssignments,
    [property: Id(2)] decimal? MinAttendancePercent,
    [property: Id(3)] string SignerName,
    [property: Id(4)] string SignerTitle,
    [property: Id(5)] string AccentColor,
    [property: Id(6)] bool AutoIssue,
    [property: Id(7)] bool ShowGrade,
    [property: Id(8)] string? LogoFileId = null,
    [property: Id(9)] string? LogoKey = null)
{
    /// <summary>Automatic issue is off until staff turn it on: a certificate is not something to send by surprise.</summary>
    public static CertificateSettings Default { get; } = new(70, true, null, "Cohortly", "Program Director", "#1f5fbf", false, false);
}

public enum CertificateStatus
{
    Valid = 0,
    Revoked = 1,
    Superseded = 2,
}

/// <summary>Everything printed on a certificate (and signed in its token and credential), with its status.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.certificate-record")]
public sealed record CertificateRecord(
    [property: Id(0)] string CertificateId,
    [property: Id(1)] string BootcampId,
    [property: Id(2)] string StudentId,
    [property: Id(3)] string StudentName,
    [property: Id(4)] string BootcampTitle,
    [property: Id(5)] DateTimeOffset StartsAt,
    [property: Id(6)] DateTimeOffset EndsAt,
    [property: Id(7)] ImmutableArray<string> Skills,
    [property: Id(8)] decimal? GradePercent,
    [property: Id(9)] string SignerName,
    [property: Id(10)] string SignerTitle,
    [property: Id(11)] string AccentColor,
    [property: Id(12)] DateTimeOffset IssuedAt,
    [property: Id(13)] CertificateStatus Status,
    [property: Id(14)] DateTimeOffset? RevokedAt,
    [property: Id(15)] string? RevocationReason,
    [property: Id(16)] StatusListEntry? StatusEntry = null,
    [property: Id(17)] string? SupersededBy = null,
    [property: Id(18)] string? LogoKey = null);

/// <summary>A certificate's place in the revocation status lists: list number and bit index.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.status-list-entry")]
public sealed record StatusListEntry(
    [property: Id(0)] int ListNumber,
    [property: Id(1)] int Index);

/// <summary>A status list as published: the W3C <c>encodedList</c> (multibase base64url of the gzipped bits) and when it last changed.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.status-list-snapshot")]
public sealed record StatusListSnapshot(
    [property: Id(0)] string EncodedList,
    [property: Id(1)] DateTimeOffset UpdatedAt);

/// <summary>The answer to an issue call: the certificate, and whether this call made it.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.issue-result")]
public sealed record IssueResult(
    [property: Id(0)] CertificateRecord Certificate,
    [property: Id(1)] bool Created);

/// <summary>One row of a bootcamp's certificate list: a student of its roster and their certificates, current first.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.certificates.student-certificates")]
public sealed record StudentCertificates(
    [property: Id(0)] string StudentId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] EnrollmentStatus EnrollmentStatus,
    [property: Id(3)] ImmutableArray<CertificateRecord> Certificates);
