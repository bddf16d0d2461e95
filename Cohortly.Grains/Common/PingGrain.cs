using Orleans.Concurrency;
using Orleans.Runtime;

namespace Cohortly.Common;

[StatelessWorker]
public sealed class PingGrain(ILocalSiloDetails silo) : Grain, IPingGrain
{
    public Task<string> PingAsync() => Task.FromResult(silo.Name);
}
