using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Certificates;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Certificates;

namespace Cohortly.Frontend.Certificates;

public sealed record CertificateSettingsBody(
    decimal? PassPercent, bool? RequireAllAssignments, decimal? MinAttendancePercent,
    string? SignerName, string? SignerTitle, string? AccentColor, bool? AutoIssue, bool? ShowGrade, string? LogoFileId);

public sealed record CertificateSettingsResponse(
    decimal PassPercent, bool RequireAllAssignments, decimal? MinAttendancePercent,
    string SignerName, string SignerTitle, string AccentColor, bool AutoIssue, bool ShowGrade, string? LogoFileId)
{
    public static CertificateSettingsResponse From(CertificateSettings s) =>
        new(s.PassPercent, s.RequireAllAssignments, s.MinAttendancePercent, s.SignerName, s.SignerTitle, s.AccentColor, s.AutoIssue, s.ShowGrade, s.LogoFileId);
}

public sealed record IssueCertificateBody(string? StudentId);

public sealed record RevokeCertificateBody(string? Reason);

public sealed record NameCorrectionBody(string? StudentName);

public sealed record CertificateResponse(
    string CertificateId, string BootcampId, string StudentId, string StudentName, string BootcampTitle,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, ImmutableArray<string> Skills, decimal? GradePercent,
    string SignerName, string SignerTitle, DateTimeOffset IssuedAt,
    [property: EnumValues("valid", "revoked", "superseded")] string Status,
    DateTimeOffset? RevokedAt, string? Reason, string? SupersededBy, string VerifyUrl, string LinkedInUrl)
{
    public static CertificateResponse From(CertificateRecord r, string publicUrl, string issuerName) => new(
        r.CertificateId, r.BootcampId, r.StudentId, r.StudentName, r.BootcampTitle, r.StartsAt, r.EndsAt, r.Skills, r.GradePercent,
        r.SignerName, r.SignerTitle, r.IssuedAt, CertificateLinks.StatusName(r.Status), r.RevokedAt, r.RevocationReason, r.SupersededBy,
        CertificateLinks.VerifyUrl(publicUrl, r.CertificateId), CertificateLinks.LinkedInUrl(r, publicUrl, issuerName));
}

/// <summary>A row of a bootcamp's certificate list: a student of the roster and their certificates, the current one first.</summary>
public sealed record StudentCertificatesResponse(
    string StudentId, string DisplayName, [property: EnumValues(typeof(EnrollmentStatus))] string EnrollmentStatus,
    ImmutableArray<CertificateSummaryResponse> Certificates)
{
    public static StudentCertificatesResponse From(StudentCertificates row, string publicUrl) => new(
        row.StudentId, row.DisplayName, row.EnrollmentStatus.ToString().ToLowerInvariant(),
        [.. row.Certificates.Select(r => new CertificateSummaryResponse(
            r.CertificateId, r.StudentName, r.IssuedAt, CertificateLinks.StatusName(r.Status), r.RevokedAt, r.RevocationReason, r.SupersededBy,
            CertificateLinks.VerifyUrl(publicUrl, r.CertificateId)))]);
}

/// <summary>What staff see of one certificate in the bootcamp's list: the printed name, its status and where to verify it.</summary>
public sealed record CertificateSummaryResponse(
    string CertificateId, string StudentName, DateTimeOffset IssuedAt,
    [property: EnumValues("valid", "revoked", "superseded")] string Status,
    DateTimeOffset? RevokedAt, string? Reason, string? SupersededBy, string VerifyUrl);

public sealed record MyCertificateResponse(
    string CertificateId, string BootcampId, string BootcampTitle, DateTimeOffset IssuedAt,
    [property: EnumValues("valid", "revoked", "superseded")] string Status, string VerifyUrl, string LinkedInUrl);

/// <summary>What anyone may see of a certificate: every printed field and its status. Fields are null when the status is unknown or invalid.</summary>
public sealed record VerificationResponse(
    [property: EnumValues("valid", "revoked", "superseded", "unknown", "invalid")] string Status,
    string? CertificateId, string? StudentName, string? BootcampTitle, DateTimeOffset? IssuedAt, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    ImmutableArray<string> Skills, string? Grade, string? SignerName, string? SignerTitle,
    DateTimeOffset? RevokedAt, string? Reason, string? SupersededBy,
    bool? SignatureValid, bool? CredentialValid)
{
    public static VerificationResponse Of(string status) =>
        new(status, null, null, null, null, null, null, [], null, null, null, null, null, null, null, null);

    public static VerificationResponse From(CertificateRecord r) => new(
        CertificateLinks.StatusName(r.Status), r.CertificateId, r.StudentName, r.BootcampTitle, r.IssuedAt, r.StartsAt, r.EndsAt,
        r.Skills, CertificateProofs.GradeOf(r), r.SignerName, r.SignerTitle, r.RevokedAt, r.RevocationReason, r.SupersededBy, null, null);
}

public sealed record JsonWebKey(string Kty, string Crv, string X, string Kid, string Use, string Alg);

public sealed record JsonWebKeySet(ImmutableArray<JsonWebKey> Keys);

/// <summary>The multipart body of <c>POST /api/verify/pdf</c>.</summary>
public sealed record VerifyPdfForm(IFormFile File);

internal static class CertificateLinks
{
    public static string StatusName(CertificateStatus status) => status.ToString().ToLowerInvariant();

    public static string VerifyUrl(string publicUrl, string certificateId) => $"{publicUrl}/verify/{certificateId}";

    /// <summary>LinkedIn's "Add licence or certification" form, filled in.</summary>
    public static string LinkedInUrl(CertificateRecord r, string publicUrl, string issuerName) =>
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" +
        $"&name={Uri.EscapeDataString(r.BootcampTitle)}&organizationName={Uri.EscapeDataString(issuerName)}" +
        $"&issueYear={r.IssuedAt.UtcDateTime.Year}&issueMonth={r.IssuedAt.UtcDateTime.Month}" +
        $"&certUrl={Uri.EscapeDataString(VerifyUrl(publicUrl, r.CertificateId))}&certId={r.CertificateId}";
}
