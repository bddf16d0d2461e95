namespace Cohortly.Integrations.Email;

public sealed class SendGridOptions
{
    public string? ApiKey { get; set; }

    /// <summary>Only for tests pointing the client at a local stub.</summary>
    public string? Host { get; set; }
}
