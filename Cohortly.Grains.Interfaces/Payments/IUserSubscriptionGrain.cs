using System.Collections.Immutable;

namespace Cohortly.Payments;

/// <summary>
/// A user's pointer to their current subscription and the bootcamps they entered through each one, keyed by user id.
/// It never calls another grain, so the subscription and enrollment grains can both ask it without waiting on each other.
/// </summary>
[Alias("cohortly.payments.user-subscription")]
public interface IUserSubscriptionGrain : IGrainWithStringKey
{
    [Alias("get-current")]
    Task<string?> GetCurrentAsync();

    /// <summary>Points at <paramref name="subscriptionId"/> if the pointer still names <paramref name="expected"/>; returns whether it does now.</summary>
    [Alias("replace-current")]
    Task<bool> ReplaceCurrentAsync(string? expected, string subscriptionId);

    /// <summary>Records that the user entered <paramref name="bootcampId"/> through <paramref name="subscriptionId"/>. Idempotent.</summary>
    [Alias("cover")]
    Task CoverAsync(string subscriptionId, string bootcampId);

    [Alias("covered")]
    Task<ImmutableArray<string>> CoveredAsync(string subscriptionId);
}
