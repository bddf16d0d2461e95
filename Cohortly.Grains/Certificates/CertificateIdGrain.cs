using Cohortly.Common;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-id-state")]
public sealed class CertificateIdState
{
    [Id(0)] public string? CertificateKey { get; set; }
}

[GrainType("certificateid")]
public sealed class CertificateIdGrain(
    [PersistentState("certificate-id", StorageNames.Cohortly)] IPersistentState<CertificateIdState> state) : Grain, ICertificateIdGrain
{
    public async Task SetAsync(string certificateKey)
    {
        if (state.State.CertificateKey == certificateKey)
        {
            return;
        }
        state.State.CertificateKey = certificateKey;
        await state.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.CertificateKey);
}
