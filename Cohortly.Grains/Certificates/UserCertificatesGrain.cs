using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.user-certificates-state")]
public sealed class UserCertificatesState
{
    [Id(0)] public List<string> CertificateKeys { get; set; } = [];
}

[GrainType("usercertificates")]
public sealed class UserCertificatesGrain(
    [PersistentState("user-certificates", StorageNames.Cohortly)] IPersistentState<UserCertificatesState> state) : Grain, IUserCertificatesGrain
{
    public async Task AddAsync(string certificateKey)
    {
        if (state.State.CertificateKeys.Contains(certificateKey))
        {
            return;
        }
        state.State.CertificateKeys.Add(certificateKey);
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> ListAsync() => Task.FromResult(state.State.CertificateKeys.ToImmutableArray());
}
