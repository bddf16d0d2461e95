namespace Cohortly.Frontend.Infrastructure;

/// <summary>
/// Lets at most half the cores run one kind of CPU- or memory-heavy work (password hashing, image decoding, archive
/// inflation). Unbounded, a burst occupies every thread-pool thread and every core, and the rest of the process (other
/// requests, the co-hosted silo's health checks) stalls for seconds; measured in benchmarks/. Waiting work queues
/// without holding a thread, and a caller that gives up leaves the queue.
/// </summary>
public sealed class CoreGate : IDisposable
{
    private readonly SemaphoreSlim _cores = new(Math.Max(1, Environment.ProcessorCount / 2));

    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _cores.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _cores.Release();
        }
    }

    public void Dispose() => _cores.Dispose();
}
