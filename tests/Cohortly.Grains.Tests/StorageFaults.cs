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

    /// <summary>Per held grain state: the hold its next write waits on.</summary>
    private readonly Dictionary<(string StateName, GrainId GrainId), WriteHold> _held = [];

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

    /// <summary>
    /// The next write of this grain's state waits, with nothing stored, until the hold is released: what a slow disk or
    /// a busy database does to it. Whatever the grain does meanwhile is what a test can then look at.
    /// </summary>
    public WriteHold HoldNextWrite(string stateName, GrainId grainId)
    {
        var hold = new WriteHold();
        lock (_held)
        {
            _held[(stateName, grainId)] = hold;
        }
        return hold;
    }

    internal async Task WaitIfHeldAsync(string stateName, GrainId grainId)
    {
        WriteHold? hold;
        lock (_held)
        {
            if (!_held.Remove((stateName, grainId), out hold))
            {
                return;
            }
        }
        await hold!.WaitAsync();
        if (hold.Fails)
        {
            throw new IOException($"Injected: the held write of {stateName} for {grainId} failed before anything was stored.");
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
        await faults.WaitIfHeldAsync(stateName, grainId);
        faults.ThrowIfArmed(stateName, grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
        faults.Record(serviceId, stateName, grainId, grainState.State);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}

/// <summary>A write kept waiting by <see cref="StorageFaults.HoldNextWrite"/>.</summary>
public sealed class WriteHold
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the held write has begun (and waits).</summary>
    public Task Reached => _reached.Task;

    internal bool Fails { get; private set; }

    /// <summary>Lets the held write go on to be stored, or fail as a lost connection would.</summary>
    public void Release(bool fail = false)
    {
        Fails = fail;
        _released.TrySetResult();
    }

    internal Task WaitAsync()
    {
        _reached.TrySetResult();
        return _released.Task;
    }
}
