using Orleans.Concurrency;

namespace Cohortly.Common;

[StatelessWorker]
[GrainType("ping")]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<string> PingAsync() => Task.FromResult(silo.Name);
}
