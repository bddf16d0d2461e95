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

    /// <summary>Per armed grain state: how many more writes pass before one fails.</summary>
    private readonly Dictionary<(string StateName, GrainId GrainId), int> _passesLeft = [];

    private StorageFaults()
    {
    }

    public void FailNextWrite(string stateName, GrainId grainId) => FailWrite(stateName, grainId, nth: 1);

    /// <summary>The <paramref name="nth"/> write of this grain's state from now fails; the ones before it are stored.</summary>
    public void FailWrite(string stateName, GrainId grainId, int nth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_passesLeft)
        {
            _passesLeft[(stateName, grainId)] = nth - 1;
        }
    }

    internal void ThrowIfArmed(string stateName, GrainId grainId)
    {
        lock (_passesLeft)
        {
            if (!_passesLeft.TryGetValue((stateName, grainId), out var passes))
            {
                return;
            }
            if (passes > 0)
            {
                _passesLeft[(stateName, grainId)] = passes - 1;
                return;
            }
            _passesLeft.Remove((stateName, grainId));
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
