namespace Cohortly.Common;

/// <summary>
/// Writes one grain's state for callers that change it while a write is in flight, so that they share the next write
/// instead of queuing one write each: the grain's methods that use it may then interleave (<c>AlwaysInterleave</c>),
/// and 32 students taking seats at once cost a few writes of the bootcamp, not 32 in a row. Each caller still awaits
/// a write that began after its change, so nothing is acknowledged before it is stored. Every write of the state must
/// go through here: two writes of one state in flight at once would conflict on its ETag.
/// </summary>
/// <remarks>
/// Everything runs on the grain's scheduler, one step at a time, so the fields need no lock. After a failed write the
/// state in memory holds changes that may not be stored; every later write fails too and the grain deactivates, so
/// the next activation reads what was stored instead of building on (or answering from) what was not.
/// </remarks>
public sealed class GroupedStateWrites<TState>(IPersistentState<TState> state)
{
    // Callers whose change is in memory and not yet in a write that has begun.
    private TaskCompletionSource? _waiting;
    private bool _writing;
    private Exception? _failure;

    /// <summary>Completes once a write that began after this call has stored the state of <paramref name="grain"/> (the owner).</summary>
    public Task WriteAsync(Grain grain)
    {
        if (_failure is not null)
        {
            return Task.FromException(Failed(grain));
        }
        var waiting = _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writing)
        {
            _ = WriteWhileWaitingAsync(grain);
        }
        return waiting.Task;
    }

    /// <summary>
    /// Completes once everything this activation holds in memory now is stored: at once when no write is pending,
    /// else with the next write. For answers read from memory (a seat already held) that must not be acknowledged
    /// before the change that made them is stored.
    /// </summary>
    public Task StoredAsync(Grain grain) =>
        _failure is not null ? Task.FromException(Failed(grain))
        : _writing || _waiting is not null ? WriteAsync(grain)
        : Task.CompletedTask;

    private async Task WriteWhileWaitingAsync(Grain grain)
    {
        _writing = true;
        try
        {
            while (_waiting is { } batch)
            {
                _waiting = null;
                try
                {
                    // Changes made from here on wait for the next write, whether or not this one happens to carry them too.
                    await state.WriteStateAsync();
                }
                catch (Exception failure)
                {
                    _failure = failure;
                    grain.DeactivateOnIdle();
                    batch.SetException(Failed(grain));
                    _waiting?.SetException(Failed(grain));
                    _waiting = null;
                    return;
                }
                batch.SetResult();
            }
        }
        finally
        {
            _writing = false;
        }
    }

    // The storage's own exception (an Npgsql or SQLite type the front end may not know) goes into the message, not as the
    // inner exception, so the caller gets one exception it can answer with 503 and retry.
    private StateNotStoredException Failed(Grain grain) =>
        new($"A write of {grain.GetGrainId()} failed ({_failure?.GetType().Name}: {_failure?.Message}); this activation is being replaced by one that reads what was stored.");
}
