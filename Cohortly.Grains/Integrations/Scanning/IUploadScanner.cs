namespace Cohortly.Integrations.Scanning;

/// <summary>A malware scan fed the upload's bytes as they arrive, so scanning adds no second pass over the file.</summary>
public interface IUploadScanner
{
    Task<IScanSession> BeginAsync(CancellationToken cancellationToken);
}
