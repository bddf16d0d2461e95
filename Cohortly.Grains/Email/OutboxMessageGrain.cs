using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.outbox-message-state")]
public sealed class OutboxMessageState
{
    [Id(0)] public OutgoingEmail? Email { get; set; }
    [Id(1)] public OutboxStatus Status { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public string? LastError { get; set; }
    [Id(4)] public DateTimeOffset QueuedAt { get; set; }
    [Id(5)] public DateTimeOffset? NextAttemptAt { get; set; }
    [Id(6)] public DateTimeOffset? SentAt { get; set; }
}

/// <summary>
/// One email's life: stored (and listed in its shard) before <see cref="EnqueueAsync"/> returns; attempted at once by a
/// grain timer; on failure retried after an exponentially growing, jittered delay while active, and after a restart
/// by its shard's reminder; marked sent exactly once. Once sent, the key never sends again.
/// </summary>
[GrainType("outboxmessage")]
public sealed class OutboxMessageGrain(
    [PersistentState("outbox-message", StorageNames.Cohortly)] IPersistentState<OutboxMessageState> state,
    IEmailSender sender,
    EmailThrottle throttle,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxMessageGrain> logger) : Grain, IOutboxMessageGrain
{
    private IGrainTimer? _attemptTimer;

    private string Key => this.GetPrimaryKeyString();

    private IOutboxShardGrain Shard => GrainFactory.GetGrain<IOutboxShardGrain>(IOutboxShardGrain.ShardOf(Key));

    public async Task<OutboxEntry> EnqueueAsync(OutgoingEmail email)
    {
        if (state.State.Email is not null)
        {
            // A repeat (a redelivered event, a retried request) may follow a first try that died between storing the
            // email and listing it in its shard: list it (a no-op when the shard has it) and make sure it is attempted.
            await Shard.TrackAsync(Entry());
            if (state.State.Status == OutboxStatus.Queued && _attemptTimer is null)
            {
                ArmAttempt(DelayUntilDue());
            }
            return Entry();
        }
        var now = time.GetUtcNow();
        state.State.Email = email;
        state.State.Status = OutboxStatus.Queued;
        state.State.QueuedAt = now;
        state.State.NextAttemptAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not stored, so not queued: a repeat must store it, not take it for a stored email and only list it.
            state.State = new OutboxMessageState();
            throw;
        }
        // Listed before the caller hears back: the shard's sweep is what finds this email again after a crash.
        await Shard.TrackAsync(Entry());
        ArmAttempt(TimeSpan.Zero);
        return Entry();
    }

    public async Task WakeAsync()
    {
        if (state.State.Email is null)
        {
            return;
        }
        if (state.State.Status != OutboxStatus.Queued)
        {
            // The shard missed the last change (a crash between the two writes): set it straight.
            await Shard.TrackAsync(Entry());
            return;
        }
        ArmAttempt(DelayUntilDue());
    }

    public async Task<OutboxEntry?> RetryAsync(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can retry an email.");
        }
        if (state.State.Email is null)
        {
            // Not an email of its own: it may be one of a batch, which its listing entry names.
            return await FindInBatchAsync() is { BatchId: { } batchId }
                ? await GrainFactory.GetGrain<IOutboxBatchGrain>(batchId).RetryAsync(caller, Key)
                : null;
        }
        if (state.State.Status == OutboxStatus.Failed)
        {
            state.State.Status = OutboxStatus.Queued;
            state.State.Attempts = 0;
            state.State.NextAttemptAt = time.GetUtcNow();
            await state.WriteStateAsync();
            await Shard.TrackAsync(Entry());
        }
        if (state.State.Status == OutboxStatus.Queued)
        {
            state.State.NextAttemptAt = time.GetUtcNow();
            ArmAttempt(TimeSpan.Zero);
        }
        return Entry();
    }

    /// <summary>A batch lists its emails in the batch's shard, not the message's: ask them all (an admin's rare retry).</summary>
    private async Task<OutboxEntry?> FindInBatchAsync()
    {
        var found = await Task.WhenAll(Enumerable.Range(0, IOutboxShardGrain.Count).Select(shard => GrainFactory.GetGrain<IOutboxShardGrain>(shard).FindAsync(Key)));
        return found.FirstOrDefault(entry => entry?.BatchId is not null);
    }

    public Task<OutboxEntry?> GetAsync() => Task.FromResult(state.State.Email is null ? null : Entry());

    private void ArmAttempt(TimeSpan delay)
    {
        _attemptTimer?.Dispose();
        _attemptTimer = this.RegisterGrainTimer(AttemptAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task AttemptAsync(CancellationToken cancellationToken)
    {
        // Disposed only when done: disposing a timer cancels the token of the callback it is running.
        using var firing = _attemptTimer;
        _attemptTimer = null;
        await AttemptNowAsync(cancellationToken);
    }

    private async Task AttemptNowAsync(CancellationToken cancellationToken)
    {
        if (state.State.Status != OutboxStatus.Queued || state.State.Email is not { } email)
        {
            return;
        }
        if (DelayUntilDue() is { } wait && wait > TimeSpan.Zero)
        {
            ArmAttempt(wait);
            return;
        }

        await throttle.WaitTurnAsync(cancellationToken);
        var settings = options.Value;
        state.State.Attempts++;
        try
        {
            await sender.SendAsync(email, cancellationToken);
            state.State.Status = OutboxStatus.Sent;
            state.State.SentAt = time.GetUtcNow();
            state.State.NextAttemptAt = null;
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            state.State.LastError = OutboxRetries.Describe(failure);
            if (state.State.Attempts >= settings.MaxAttempts)
            {
                state.State.Status = OutboxStatus.Failed;
                state.State.NextAttemptAt = null;
                logger.LogWarning("Email {Key} failed for good after {Attempts} attempts: {Error}", Key, state.State.Attempts, state.State.LastError);
            }
            else
            {
                state.State.NextAttemptAt = time.GetUtcNow() + OutboxRetries.Backoff(state.State.Attempts, settings);
                logger.LogInformation("Email {Key} attempt {Attempts} failed, next at {NextAttemptAt}: {Error}",
                    Key, state.State.Attempts, state.State.NextAttemptAt, state.State.LastError);
            }
        }
        // Not cancelled with the timer: the outcome of a send that happened must be stored.
        await state.WriteStateAsync(CancellationToken.None);
        await Shard.TrackAsync(Entry());

        if (state.State.Status == OutboxStatus.Queued)
        {
            ArmAttempt(DelayUntilDue());
        }
        else
        {
            // Nothing left to do: a bulk send of thousands should not keep thousands of activations in memory.
            DeactivateOnIdle();
        }
    }

    private TimeSpan DelayUntilDue()
    {
        var due = state.State.NextAttemptAt ?? time.GetUtcNow();
        var wait = due - time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private OutboxEntry Entry()
    {
        var s = state.State;
        return new OutboxEntry(s.Email!.MessageId, s.Email.To, s.Email.Template, s.Status, s.Attempts, s.LastError, s.QueuedAt, s.NextAttemptAt);
    }
}
