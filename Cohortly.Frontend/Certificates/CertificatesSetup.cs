using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;

namespace Cohortly.Frontend.Certificates;

public static class CertificatesSetup
{
    public const string Flag = "Certificates";

    /// <summary>Public verification answers anyone: a tighter limit per client address than the site-wide one.</summary>
    public const string VerifyRatePolicy = "certificate-verify";

    public static WebApplicationBuilder AddCohortlyCertificates(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(Flag);
        builder.Services.AddHomeCard<CertificatesHomeCard>();
        var perMinute = builder.Configuration.GetValue("Cohortly:Certificates:VerifyRequestsPerMinute", 60);
        builder.Services.AddRateLimiter(limiter => limiter.AddPolicy(VerifyRatePolicy, http =>
            RateLimits.PerMinute("certificate-verify:" + RateLimits.ClientAddress(http), perMinute)));
        return builder;
    }
}
