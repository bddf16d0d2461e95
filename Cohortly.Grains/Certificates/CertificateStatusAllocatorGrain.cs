using System.Security.Cryptography;
using Cohortly.Common;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-status-allocator-state")]
public sealed class CertificateStatusAllocatorState
{
    [Id(0)] public int ListNumber { get; set; }
    /// <summary>How many places of the current list are handed out.</summary>
    [Id(1)] public int Used { get; set; }
    [Id(2)] public int Multiplier { get; set; }
    [Id(3)] public int Offset { get; set; }
}

/// <summary>
/// Non-reentrant and storing each allocation before answering, so no two certificates ever share a place, even when
/// many are issued at once or the silo dies between calls (a place handed out and then lost is skipped, never reused).
/// Places are not handed out in order: the n-th certificate of a list gets <c>(n × multiplier + offset) mod 2^17</c>
/// with a random odd multiplier and offset per list (a bijection, so still no repeats), so neighbouring bits do not
/// tell who was issued at the same time.
/// </summary>
[GrainType("certificatestatusallocator")]
public sealed class CertificateStatusAllocatorGrain(
    [PersistentState("certificate-status-allocator", StorageNames.Cohortly)] IPersistentState<CertificateStatusAllocatorState> state)
    : Grain, ICertificateStatusAllocatorGrain
{
    public async Task<StatusListEntry> AllocateAsync()
    {
        var s = state.State;
        if (s.ListNumber == 0 || s.Used >= ICertificateStatusListGrain.Bits)
        {
            s.ListNumber++;
            s.Used = 0;
            s.Multiplier = RandomNumberGenerator.GetInt32(ICertificateStatusListGrain.Bits) | 1;
            s.Offset = RandomNumberGenerator.GetInt32(ICertificateStatusListGrain.Bits);
        }
        var index = (int)(((long)s.Used * s.Multiplier + s.Offset) & (ICertificateStatusListGrain.Bits - 1));
        s.Used++;
        await state.WriteStateAsync();
        return new StatusListEntry(s.ListNumber, index);
    }

    public Task<int> ListCountAsync() => Task.FromResult(state.State.ListNumber);
}
