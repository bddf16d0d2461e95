using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>The cluster's key for unsubscribe tokens, made at first use and kept in grain storage, so every silo signs alike. Key 0.</summary>
[Alias("cohortly.email.signing-key")]
public interface IEmailSigningKeyGrain : IGrainWithIntegerKey
{
    [Alias("get")]
    Task<byte[]> GetAsync();
}
