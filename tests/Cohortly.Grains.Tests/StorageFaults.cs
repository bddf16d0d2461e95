using Orleans.Storage;

namespace Cohortly.Grains.Tests;

/// <summary>
/// Fault injection at the grain-storage boundary: armed for one grain's state, its next (or Nth) write fails as a lost database
/// connection would, before anything is stored. One instance for every test silo in the process, so the fault holds
/// whichever silo the grain is activated on; unarmed it changes nothing. It also lets a test see which grains a step
/// wrote (<see cref="RecordWrites"/>).
/// </summary>
public sealed class StorageFaults
{
    public static readonly StorageFaults Shared = new();

    /// <summary>Per armed grain state: how many more writes pass, then how many fail.</summary>
    private readonly Dictionary<(string StateName, GrainId GrainId), (int Passes, int Failures)> _armed = [];

    private readonly List<WriteLog> _logs = [];

    private StorageFaults()
    {
    }

    /// <summary>
    /// Every write of <paramref name="stateName"/> by the silos of cluster <paramref name="serviceId"/> that reaches the
    /// storage from now until the log is disposed (other test clusters in the process write the same grain ids).
    /// </summary>
    public WriteLog RecordWrites(string serviceId, string stateName)
    {
        var log = new WriteLog(this, serviceId, stateName);
        lock (_logs)
        {
            _logs.Add(log);
        }
        return log;
    }

    internal void Record(string serviceId, string stateName, GrainId grainId, object? state)
    {
        lock (_logs)
        {
            foreach (var log in _logs.Where(log => log.ServiceId == serviceId && log.StateName == stateName))
            {
                log.Add(grainId, state);
            }
        }
    }

    public sealed class WriteLog(StorageFaults owner, string serviceId, string stateName) : IDisposable
    {
        public string ServiceId { get; } = serviceId;

        public string StateName { get; } = stateName;

        private readonly List<(GrainId GrainId, object? State)> _writes = [];

        /// <summary>The grains written and the state objects they wrote (each grain's live state: read it before the grain writes again).</summary>
        public (GrainId GrainId, object? State)[] Writes
        {
            get
            {
                lock (owner._logs)
                {
                    return [.. _writes];
                }
            }
        }

        internal void Add(GrainId grainId, object? state) => _writes.Add((grainId, state));

        public void Dispose()
        {
            lock (owner._logs)
            {
                owner._logs.Remove(this);
            }
        }
    }

    public void FailNextWrite(string stateName, GrainId grainId) => FailWrite(stateName, grainId, nth: 1);

    /// <summary>
    /// The <paramref name="nth"/> write of this grain's state from now fails, and the <paramref name="times"/> - 1 after
    /// it (a retry meeting the same failure); the writes before it are stored.
    /// </summary>
    public void FailWrite(string stateName, GrainId grainId, int nth, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_armed)
        {
            _armed[(stateName, grainId)] = (nth - 1, times);
        }
    }

    internal void ThrowIfArmed(string stateName, GrainId grainId)
    {
        lock (_armed)
        {
            if (!_armed.TryGetValue((stateName, grainId), out var armed))
            {
                return;
            }
            if (armed.Passes > 0)
            {
                _armed[(stateName, grainId)] = (armed.Passes - 1, armed.Failures);
                return;
            }
            if (armed.Failures > 1)
            {
                _armed[(stateName, grainId)] = (0, armed.Failures - 1);
            }
            else
            {
                _armed.Remove((stateName, grainId));
            }
        }
        throw new IOException($"Injected: the write of {stateName} for {grainId} failed before anything was stored.");
    }
}

/// <summary>The product's grain storage with <see cref="StorageFaults"/> in front of its writes.</summary>
internal sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults, string serviceId) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.ThrowIfArmed(stateName, grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.Record(serviceId, stateName, grainId, grainState.State);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
