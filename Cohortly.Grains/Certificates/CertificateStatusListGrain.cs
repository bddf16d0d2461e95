using Cohortly.Common;
using Cohortly.Integrations.Certificates;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-status-list-state")]
public sealed class CertificateStatusListState
{
    /// <summary>Null until the first bit is set: an untouched list is all zeros.</summary>
    [Id(0)] public byte[]? Bits { get; set; }
    [Id(1)] public DateTimeOffset UpdatedAt { get; set; }
}

[GrainType("certificatestatuslist")]
public sealed class CertificateStatusListGrain(
    [PersistentState("certificate-status-list", StorageNames.Cohortly)] IPersistentState<CertificateStatusListState> state,
    TimeProvider time) : Grain, ICertificateStatusListGrain
{
    private StatusListSnapshot? _published;

    public async Task SetAsync(int index, bool revoked)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ICertificateStatusListGrain.Bits);
        var bits = state.State.Bits ?? new byte[ICertificateStatusListGrain.Bits / 8];
        if (state.State.Bits is not null && BitstringStatusList.Get(bits, index) == revoked)
        {
            return;
        }
        BitstringStatusList.Set(bits, index, revoked);
        state.State.Bits = bits;
        state.State.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync();
        _published = null;
    }

    /// <summary>Compressed once per change, not per reader: verifiers fetch the list far more often than it changes.</summary>
    public Task<StatusListSnapshot> GetAsync() => Task.FromResult(_published ??= new StatusListSnapshot(
        BitstringStatusList.Encode(state.State.Bits ?? new byte[ICertificateStatusListGrain.Bits / 8]),
        state.State.Bits is null ? DateTimeOffset.UnixEpoch : state.State.UpdatedAt));
}
