using Orleans.Storage;

namespace Cohortly.Grains.Tests;

/// <summary>
/// Fault injection at the grain-storage boundary: armed for one grain's state, its next (or Nth) write fails as a lost database
/// connection would, before anything is stored. One instance for every test silo in the process, so the fault holds
/// whichever silo the grain is activated on; unarmed it changes nothing.
/// </summary>
public sealed class StorageFaults
{
    public static readonly StorageFaults Shared = new();

    /// <summary>Per armed grain state: how many more writes pass, then how many fail.</summary>
    private readonly Dictionary<(string StateName, GrainId GrainId), (int Passes, int Failures)> _armed = [];

    /// <summary>Per held grain state: the hold its next write waits on.</summary>
    private readonly Dictionary<(string StateName, GrainId GrainId), WriteHold> _held = [];

    private StorageFaults()
    {
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
internal sealed class FaultyGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await faults.WaitIfHeldAsync(stateName, grainId);
        faults.ThrowIfArmed(stateName, grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
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
