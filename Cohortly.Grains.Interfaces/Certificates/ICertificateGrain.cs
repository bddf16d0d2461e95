using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Certificates;

/// <summary>
/// One student's certificate for one bootcamp, keyed <c>{bootcampId}/{studentId}</c>: issued at most once, so any
/// number of issue calls (by hand or by the rule) yield the same certificate, PDF and email.
/// </summary>
[Alias("cohortly.certificates.certificate")]
public interface ICertificateGrain : IGrainWithStringKey
{
    /// <summary>By hand: the bootcamp's instructors and admins; the student must be enrolled.</summary>
    [Alias("issue")]
    Task<IssueResult> IssueAsync(Caller caller);

    /// <summary>By the bootcamp's rule (the issuer grain has checked it).</summary>
    [Alias("issue-by-rule")]
    Task<IssueResult> IssueByRuleAsync();

    /// <summary>The current certificate: the owner, the bootcamp's staff and admins.</summary>
    [Alias("get")]
    Task<CertificateRecord> GetAsync(Caller caller);

    /// <summary>The current certificate or one it superseded, by id: the owner, the bootcamp's staff and admins.</summary>
    [Alias("get-by-id")]
    Task<CertificateRecord> GetAsync(Caller caller, string certificateId);

    /// <summary>Public: what the verification page shows for <paramref name="certificateId"/>; null when none was issued.</summary>
    [Alias("verify-by-id"), ReadOnly]
    Task<CertificateRecord?> VerifyAsync(string certificateId);

    /// <summary>
    /// For the bootcamp's list (its reader has checked the caller): the current certificate once delivered, then those
    /// it replaced, newest first; empty before one is issued.
    /// </summary>
    [Alias("history"), ReadOnly]
    Task<ImmutableArray<CertificateRecord>> HistoryAsync();

    /// <summary>The stored PDF's object key, made again from the stored data if the stored copy is missing.</summary>
    [Alias("pdf-key-by-id")]
    Task<string> GetPdfKeyAsync(Caller caller, string certificateId);

    [Alias("revoke")]
    Task RevokeAsync(Caller caller, string reason);

    /// <summary>
    /// The bootcamp's instructors and admins: a name correction. The current certificate becomes superseded (not revoked) and links to a new one,
    /// issued and delivered like the first with the corrected name. The same name again changes nothing.
    /// </summary>
    [Alias("correct-name")]
    Task<IssueResult> CorrectNameAsync(Caller caller, string certificateId, string studentName);

    public static string KeyOf(string bootcampId, string studentId) => $"{bootcampId}/{studentId}";
}
