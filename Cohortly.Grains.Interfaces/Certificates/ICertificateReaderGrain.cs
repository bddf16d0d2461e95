using Cohortly.Common;

namespace Cohortly.Certificates;

/// <summary>
/// Fan-out reads over a bootcamp's certificate grains. A stateless worker per silo, so a page of the list asks its
/// certificate grains side by side and never queues behind one activation. Key 0.
/// </summary>
[Alias("cohortly.certificates.certificate-reader")]
public interface ICertificateReaderGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>
    /// The bootcamp's students in roster order, each with their certificates (the current one first, then those it
    /// replaced, newest first; none before one is issued); the bootcamp's staff and admins.
    /// </summary>
    [Alias("list-bootcamp")]
    Task<PageSlice<StudentCertificates>> ListBootcampAsync(Caller caller, string bootcampId, int page, int pageSize);
}
