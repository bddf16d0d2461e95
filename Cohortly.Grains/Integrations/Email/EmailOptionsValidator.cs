using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Email;

/// <summary>The rules of <c>Cohortly:Email</c> that DataAnnotations cannot state: durations, a known time zone.</summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        if (options.RetryBaseDelay <= TimeSpan.Zero)
        {
            failures.Add($"{EmailOptions.Section}:RetryBaseDelay must be positive; it is {options.RetryBaseDelay}.");
        }
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{EmailOptions.Section}:RetryMaxDelay ({options.RetryMaxDelay}) must not be shorter than RetryBaseDelay ({options.RetryBaseDelay}).");
        }
        if (options.Smtp.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{EmailOptions.Section}:Smtp:Timeout must be positive; it is {options.Smtp.Timeout}.");
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.WeeklyReport.TimeZone, out _))
        {
            failures.Add($"{EmailOptions.Section}:WeeklyReport:TimeZone '{options.WeeklyReport.TimeZone}' is not a time zone this machine knows (use an IANA id such as Europe/Berlin).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
