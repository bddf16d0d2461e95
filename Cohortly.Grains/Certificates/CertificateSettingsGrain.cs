using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-settings-state")]
public sealed class CertificateSettingsState
{
    [Id(0)] public CertificateSettings? Settings { get; set; }
}

[GrainType("certificatesettings")]
public sealed class CertificateSettingsGrain(
    [PersistentState("certificate-settings", StorageNames.Cohortly)] IPersistentState<CertificateSettingsState> state) : Grain, ICertificateSettingsGrain
{
    private const string Refusal = "Only the bootcamp's staff and admins can see or change its certificate settings.";

    public async Task<CertificateSettings> GetAsync(Caller caller)
    {
        await GrainFactory.RequireStaffAsync(caller, this.GetPrimaryKeyString(), Refusal);
        return state.State.Settings ?? CertificateSettings.Default;
    }

    public async Task<CertificateSettings> SetAsync(Caller caller, CertificateSettings settings)
    {
        await GrainFactory.RequireStaffAsync(caller, this.GetPrimaryKeyString(), Refusal);
        if (CertificateRules.Validate(settings) is { Count: > 0 } errors)
        {
            throw DomainException.Validation(errors);
        }
        state.State.Settings = settings;
        await state.WriteStateAsync();
        return settings;
    }

    public Task<CertificateSettings> CurrentAsync() => Task.FromResult(state.State.Settings ?? CertificateSettings.Default);
}
