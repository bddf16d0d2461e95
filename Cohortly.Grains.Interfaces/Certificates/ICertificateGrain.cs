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

    /// <summary>The owner, the bootcamp's staff and admins.</summary>
    [Alias("get")]
    Task<CertificateRecord> GetAsync(Caller caller);

    /// <summary>Public: what the verification page shows; null when none was issued.</summary>
    [Alias("verify"), ReadOnly]
    Task<CertificateRecord?> VerifyAsync();

    /// <summary>The stored PDF's object key, made again from the stored data if the stored copy is missing.</summary>
    [Alias("pdf-key")]
    Task<string> GetPdfKeyAsync(Caller caller);

    [Alias("revoke")]
    Task RevokeAsync(Caller caller, string reason);

    public static string KeyOf(string bootcampId, string studentId) => $"{bootcampId}/{studentId}";
}
