using System.ComponentModel.DataAnnotations;

namespace Cohortly.Integrations.Scanning;

/// <summary>
/// A clamd daemon to scan every upload with (INSTREAM); unset host means no scanning. Bound from
/// <c>Cohortly:Storage:ClamAv</c>, not <c>Cohortly:Scanning</c>: that is where README has always documented it, and
/// deployments set it there.
/// </summary>
public sealed class ClamAvOptions
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 3310;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 30;
}
