using AccountRoles = Cohortly.Accounts.Roles;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Integrations.Certificates;
using Microsoft.FeatureManagement;

namespace Cohortly.Frontend.Certificates;

/// <summary>A student's certificates, newest first, once they have any and certificates are on.</summary>
public sealed record CertificatesCard(IReadOnlyList<MyCertificateResponse> Recent, int Total);

public sealed class CertificatesHomeCard() : HomeCard<CertificatesCard>("certificates.mine", 140, AccountRoles.Student)
{
    private const int Shown = 3;

    public override async Task<CertificatesCard?> BuildAsync(CallerContext context)
    {
        var services = context.Http.RequestServices;
        if (!await services.GetRequiredService<IFeatureManager>().IsEnabledAsync(CertificatesSetup.Flag))
        {
            return null;
        }
        var mine = await CertificatesApi.MineAsync(context, services.GetRequiredService<PublicUrl>(), services.GetRequiredService<CertificateKeys>());
        return mine.Length == 0 ? null : new CertificatesCard([.. mine.Take(Shown)], mine.Length);
    }
}
