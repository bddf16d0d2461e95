using Orleans.Core;

namespace Cohortly.Common;

/// <summary>
/// Writes of one persistent state in a reentrant grain, coalesced: a write asked for while one is in flight waits for
/// it, then writes everything changed meanwhile in one go, and every caller that joined resumes when its change is
/// stored. The state must be replaced, not mutated, while a write is in flight (immutable collections), so each write
/// serializes a consistent snapshot.
/// </summary>
public sealed class CoalescedWrites(IStorage storage)
{
    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;

    public Task WriteAsync() => _nextWrite ??= WriteAfterAsync(_lastWrite);

    private async Task WriteAfterAsync(Task previous)
    {
        // Let the calls already queued behind this one add their changes first.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        _nextWrite = null;
        _lastWrite = storage.WriteStateAsync();
        await _lastWrite;
    }
}
