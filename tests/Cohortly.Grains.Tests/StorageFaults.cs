using Orleans.Storage;

namespace Cohortly.Grains.Tests;

/// <summary>
/// Fault injection at the grain-storage boundary: armed for one grain's state, its next write fails as a lost database
/// connection would, before anything is stored. One instance for every test silo in the process, so the fault holds
/// whichever silo the grain is activated on; unarmed it changes nothing.
/// </summary>
public sealed class StorageFaults
{
    public static readonly StorageFaults Shared = new();

    private readonly HashSet<(string StateName, GrainId GrainId)> _failNext = [];

    private StorageFaults()
    {
    }

    public void FailNextWrite(string stateName, GrainId grainId)
    {
        lock (_failNext)
        {
            _failNext.Add((stateName, grainId));
        }
    }

    internal void ThrowIfArmed(string stateName, GrainId grainId)
    {
        lock (_failNext)
        {
            if (!_failNext.Remove((stateName, grainId)))
            {
                return;
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
