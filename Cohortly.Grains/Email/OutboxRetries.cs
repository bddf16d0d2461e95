using Cohortly.Integrations.Email;

namespace Cohortly.Email;

/// <summary>The retry rules shared by an email of its own and an email of a batch.</summary>
internal static class OutboxRetries
{
    /// <summary>Enough of a provider's answer to tell what went wrong, small enough for the listing.</summary>
    private const int MaxErrorLength = 500;

    /// <summary>base × 2^(attempt−1), capped, then ±20 % so emails that failed together do not all retry together.</summary>
    public static TimeSpan Backoff(int attempt, EmailOptions settings)
    {
        var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, settings.RetryMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    public static string Describe(Exception failure)
    {
        var text = $"{failure.GetType().Name}: {failure.Message}";
        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }
}
