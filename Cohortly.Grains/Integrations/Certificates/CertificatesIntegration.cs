using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cohortly.Integrations.Certificates;

public static class CertificatesIntegration
{
    /// <summary>
    /// <c>Cohortly:Certificates</c>: the signing keys (configured, else generated once in the data directory), the PDF
    /// renderer and the verifiers. Everything runs in process; only the keys' origin differs between modes.
    /// </summary>
    public static IServiceCollection AddCohortlyCertificates(this IServiceCollection services)
    {
        services.AddOptions<CertificatesOptions>().BindConfiguration(CertificatesOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => CertificateKeys.Load(sp.GetRequiredService<IOptions<CertificatesOptions>>().Value, sp.GetRequiredService<DataDirectory>()));
        services.AddSingleton<CertificateProofs>();
        services.AddSingleton<CertificatePdf>();
        services.AddSingleton<PdfCertificateReader>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CertificatesOptions>>().Value;
            var configured = !string.IsNullOrWhiteSpace(options.SigningKey) && !string.IsNullOrWhiteSpace(options.PdfCertificate);
            return new IntegrationChoice("Certificates", !configured, configured
                ? "certificate keys from configuration"
                : $"{CertificatesOptions.Section} keys are not all configured; the missing ones are generated once in the data directory's keys/");
        });
        return services;
    }
}
