using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Email;

/// <summary>A user's email preferences. Keyed by user id.</summary>
[Alias("cohortly.email.preferences")]
public interface IEmailPreferencesGrain : IGrainWithStringKey
{
    [Alias("get"), ReadOnly]
    Task<EmailPreferences> GetAsync();

    [Alias("set")]
    Task<EmailPreferences> SetAsync(EmailPreferences preferences);

    /// <summary>The one-click unsubscribe: true when the token was minted for this user and category.</summary>
    [Alias("unsubscribe")]
    Task<bool> UnsubscribeAsync(EmailCategory category, string token);
}
