using System.Security.Cryptography;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Files;
using Cohortly.Integrations.Certificates;
using Cohortly.Integrations.Storage;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-settings-state")]
public sealed class CertificateSettingsState
{
    [Id(0)] public CertificateSettings? Settings { get; set; }
}

[GrainType("certificatesettings")]
public sealed class CertificateSettingsGrain(
    [PersistentState("certificate-settings", StorageNames.Cohortly)] IPersistentState<CertificateSettingsState> state,
    IObjectStorage storage) : Grain, ICertificateSettingsGrain
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
        var stored = state.State.Settings;
        settings = settings with
        {
            LogoKey = settings.LogoFileId is not { } logoFileId ? null
                : logoFileId == stored?.LogoFileId ? stored.LogoKey
                : await KeepLogoAsync(caller, logoFileId),
        };
        state.State.Settings = settings;
        await state.WriteStateAsync();
        return settings;
    }

    /// <summary>
    /// The chosen upload must be a PNG or JPEG that PDFsharp can draw, uploaded by the caller or by this bootcamp's staff
    /// for the bootcamp. A copy named by its hash is kept, so a later deletion of the upload changes no certificate.
    /// </summary>
    private async Task<string> KeepLogoAsync(Caller caller, string logoFileId)
    {
        const string Refused = "logoFileId is a PNG or JPEG image (at most 2 MB) that you uploaded or this bootcamp's staff uploaded to it.";
        var file = await GrainFactory.GetGrain<IFileGrain>(logoFileId).GetAsync();
        if (file is null || file.Status == FileStatus.Deleted || file.ContentType is not ("image/png" or "image/jpeg")
            || file.SizeBytes > CertificatePdf.MaxLogoBytes
            || (file.OwnerId != caller.UserId
                && (file.BootcampId != this.GetPrimaryKeyString()
                    || await GrainFactory.RoleInAsync(this.GetPrimaryKeyString(), file.OwnerId) is not (MemberRole.Instructor or MemberRole.Mentor))))
        {
            throw DomainException.Validation("logoFileId", Refused);
        }
        byte[] image;
        await using (var content = await storage.OpenReadAsync(file.StorageKey, CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            image = copy.ToArray();
        }
        if (!CertificatePdf.CanDrawLogo(image))
        {
            throw DomainException.Validation("logoFileId", "This image cannot be drawn on a certificate: save it as a colour PNG or a JPEG and upload it again.");
        }
        var key = $"certificates/logos/{Convert.ToHexStringLower(SHA256.HashData(image))}";
        await storage.PutAsync(key, new MemoryStream(image), file.ContentType, CancellationToken.None);
        return key;
    }

    public Task<CertificateSettings> CurrentAsync() => Task.FromResult(state.State.Settings ?? CertificateSettings.Default);
}
