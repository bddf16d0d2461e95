namespace Cohortly.Integrations.Scanning;

/// <summary>Clean, or infected with the named signature.</summary>
public sealed record ScanVerdict(bool Clean, string? Signature)
{
    public static readonly ScanVerdict Passed = new(true, null);
}
