using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cohortly.Silo.Hosting;

/// <summary>
/// Checks the <c>Cohortly</c> section: its DataAnnotations (including the nested Orleans section) and the rules that need
/// more than one value or the connection strings. Run by <see cref="CohortlyHosting.ReadCohortlyOptions"/>, because these
/// options shape the host before it exists and so cannot wait for the host's own validation on start.
/// </summary>
public static class CohortlyOptionsValidation
{
    private static readonly string[] CertificateKeys = ["SigningKey", "PdfCertificate"];

    public static ValidateOptionsResult Validate(CohortlyOptions options, IConfiguration configuration)
    {
        var failures = new List<string>();
        var annotations = new DataAnnotationValidateOptions<CohortlyOptions>(null).Validate(null, options);
        if (annotations.Failed)
        {
            failures.AddRange(annotations.Failures);
        }
        if (!Enum.IsDefined(options.Mode))
        {
            // The binder takes any number for an enum ("Cohortly__Mode=2").
            failures.Add($"Cohortly:Mode must be Embedded or Cluster; it is {(int)options.Mode}.");
        }
        if (options.Mode == CohortlyMode.Cluster)
        {
            if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(CohortlyHosting.ConnectionStringName)))
            {
                failures.Add("Cluster mode needs ConnectionStrings:Cohortly (env ConnectionStrings__Cohortly): a PostgreSQL connection string.");
            }
            if (!IPAddress.TryParse(options.Orleans.AdvertisedAddress, out _))
            {
                failures.Add($"Cohortly:Orleans:AdvertisedAddress must be an IP address; it is '{options.Orleans.AdvertisedAddress}'.");
            }
            failures.AddRange(SharedSecretsMissing(configuration));
        }
        // Checked in either mode: a certificate setting that is wrong should say so before the process moves to a cluster.
        failures.AddRange(ClusterTls.Validate(options.Orleans.Tls));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// Keys that embedded mode generates in its data directory must be configured in a cluster, where every process has
    /// its own directory: a certificate signed by one silo's generated key would not verify against the key another
    /// process publishes, and a test-gateway webhook signed in a silo would fail the front end's check.
    /// </summary>
    private static IEnumerable<string> SharedSecretsMissing(IConfiguration configuration)
    {
        bool On(string feature) => !string.Equals(configuration[$"FeatureManagement:{feature}"], "false", StringComparison.OrdinalIgnoreCase);
        if (On("Certificates"))
        {
            foreach (var key in CertificateKeys.Where(key => string.IsNullOrWhiteSpace(configuration[$"Cohortly:Certificates:{key}"])))
            {
                yield return $"Cluster mode needs Cohortly:Certificates:{key} (env Cohortly__Certificates__{key}), shared by every process, " +
                    "or FeatureManagement:Certificates set to false.";
            }
        }
        if (On("Payments") && string.IsNullOrWhiteSpace(configuration["Cohortly:Stripe:WebhookSecret"]))
        {
            yield return "Cluster mode needs Cohortly:Stripe:WebhookSecret (env Cohortly__Stripe__WebhookSecret), shared by every process " +
                "(Stripe's endpoint secret, or any whsec_ value for the embedded test gateway), or FeatureManagement:Payments set to false.";
        }
        if (On("LiveClasses") && string.IsNullOrWhiteSpace(configuration["Cohortly:Meetings:CheckInKey"]))
        {
            yield return "Cluster mode needs Cohortly:Meetings:CheckInKey (env Cohortly__Meetings__CheckInKey, base64 of 32 random bytes), shared by every " +
                "process (a check-in code shown by one silo is checked by another), or FeatureManagement:LiveClasses set to false.";
        }
    }
}
