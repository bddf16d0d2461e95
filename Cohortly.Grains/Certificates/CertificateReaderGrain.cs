using Cohortly.Bootcamps;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Certificates;

[StatelessWorker]
[GrainType("certificatereader")]
public sealed class CertificateReaderGrain : Grain, ICertificateReaderGrain
{
    /// <summary>
    /// Walks the roster rather than an index of issued certificates: every certificate belongs to a student of the
    /// roster, so certificates issued before this list existed show too, and nothing has to be kept in step.
    /// </summary>
    public async Task<PageSlice<StudentCertificates>> ListBootcampAsync(Caller caller, string bootcampId, int page, int pageSize)
    {
        // The roster read refuses anyone but the bootcamp's staff and admins.
        var roster = await GrainFactory.GetGrain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListRosterAsync(caller, bootcampId, page, pageSize);
        var histories = await Task.WhenAll(roster.Items.Select(entry =>
            GrainFactory.GetGrain<ICertificateGrain>(ICertificateGrain.KeyOf(bootcampId, entry.UserId)).HistoryAsync()));
        return new PageSlice<StudentCertificates>(
            [.. roster.Items.Zip(histories, (entry, history) => new StudentCertificates(entry.UserId, entry.DisplayName, entry.Status, history))],
            roster.Total);
    }
}
