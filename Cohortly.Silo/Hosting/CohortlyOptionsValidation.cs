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
        }
        // Checked in either mode: a certificate setting that is wrong should say so before the process moves to a cluster.
        failures.AddRange(ClusterTls.Validate(options.Orleans.Tls));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
