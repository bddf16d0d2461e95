namespace Cohortly.Integrations.Scanning;

/// <summary>The scanner could not be reached or gave no verdict; the upload is refused, not waved through.</summary>
public sealed class ScannerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
