using Orleans.Concurrency;
using Orleans.Runtime;

namespace Cohortly.Common;

[StatelessWorker]
[GrainType("ping")]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<string> PingAsync() => Task.FromResult(silo.Name);
}
