using Orleans.Storage;

namespace Cohortly.Silo.Persistence;

/// <summary>The one lock every SQLite grain-storage write of this silo takes; SQLite admits one writer at a time anyway.</summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task RunAsync(Func<Task> write)
    {
        await _writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}

/// <summary>
/// Queues SQLite writes without a thread instead of letting them collide. Microsoft.Data.Sqlite meets a locked
/// database (SQLITE_BUSY) by sleeping the thread for 150 ms and trying again, inside the grain's turn, so under
/// concurrent writes grains stalled for seconds in 150 ms steps (benchmarks/DOMAIN.md). Waiting here costs nothing:
/// the write runs the moment the previous one is done. Reads go straight through; under WAL they never wait for writers.
/// </summary>
public sealed class SerializedSqliteWrites(IGrainStorage sqlite, SqliteWriteGate gate) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        sqlite.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.RunAsync(() => sqlite.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        gate.RunAsync(() => sqlite.ClearStateAsync(stateName, grainId, grainState));
}
