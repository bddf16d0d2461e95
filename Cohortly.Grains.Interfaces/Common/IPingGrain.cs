namespace Cohortly.Common;

/// <summary>Answers at once from any silo: readiness probes use it to prove the cluster serves calls.</summary>
[Alias("cohortly.common.ping")]
public interface IPingGrain : IGrainWithIntegerKey
{
    [Alias("ping")]
    Task<string> PingAsync();
}
