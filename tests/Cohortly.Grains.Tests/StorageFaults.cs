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

    private StorageFaults()
    {
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

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        faults.ThrowIfArmed(stateName, grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
