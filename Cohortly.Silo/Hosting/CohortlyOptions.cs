using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Cohortly.Silo.Hosting;

public enum CohortlyMode
{
    /// <summary>One process: silo and front end together, SQLite in the data directory.</summary>
    Embedded,

    /// <summary>Silos and front ends as separate processes sharing PostgreSQL.</summary>
    Cluster,
}

/// <summary>The <c>Cohortly</c> configuration section (DESIGN.md, operating contract).</summary>
public sealed class CohortlyOptions
{
    public const string Section = "Cohortly";

    public CohortlyMode Mode { get; set; } = CohortlyMode.Embedded;

    [Required(ErrorMessage = "Cohortly:DataDirectory must not be empty.")]
    public string DataDirectory { get; set; } = ".cohortly-data";

    [ValidateObjectMembers]
    public OrleansEndpointOptions Orleans { get; set; } = new();
}

public sealed class OrleansEndpointOptions
{
    /// <summary>0 picks a free port, so several embedded processes can run side by side.</summary>
    [Range(0, 65535, ErrorMessage = "Cohortly:Orleans:SiloPort must be between 0 (pick a free port) and 65535.")]
    public int SiloPort { get; set; } = 11111;

    [Range(0, 65535, ErrorMessage = "Cohortly:Orleans:GatewayPort must be between 0 (pick a free port) and 65535.")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address a silo binds and advertises. Loopback keeps local runs and tests off the network.</summary>
    public string AdvertisedAddress { get; set; } = "127.0.0.1";

    [Required(ErrorMessage = "Cohortly:Orleans:ClusterId must not be empty.")]
    public string ClusterId { get; set; } = "cohortly";

    [Required(ErrorMessage = "Cohortly:Orleans:ServiceId must not be empty.")]
    public string ServiceId { get; set; } = "cohortly";

    /// <summary>Mutual TLS between silos, gateways and front ends (cluster mode); off unless a certificate is configured.</summary>
    public ClusterTlsOptions Tls { get; set; } = new();
}
