namespace Cohortly.Common;

[GenerateSerializer, Alias("cohortly.common.idempotency-key-state")]
public sealed class IdempotencyKeyState
{
    [Id(0)] public string RequestHash { get; set; } = "";
    [Id(1)] public IdempotentResponse? Response { get; set; }
    [Id(2)] public DateTimeOffset StoredAt { get; set; }
}

[GrainType("idempotencykey")]
public sealed class IdempotencyKeyGrain(
    [PersistentState("idempotency-key", StorageNames.Cohortly)] IPersistentState<IdempotencyKeyState> state,
    TimeProvider time) : Grain, IIdempotencyKeyGrain, IRemindable
{
    private const string ExpiryReminder = "idempotency-key-expires";

    /// <summary>
    /// How long a claim holds without an answer. Past it the request is taken to have died with its front end, and a
    /// retry runs; it matches the front end's grain call timeout, beyond which the first request has failed anyway.
    /// </summary>
    private static readonly TimeSpan ClaimLifetime = TimeSpan.FromSeconds(30);

    // In memory on purpose: a claim dies with the silo that holds it, so a crash never blocks the key's retry.
    private (string Hash, DateTimeOffset At)? _claim;

    public Task<IdempotencyClaim> BeginAsync(string requestHash)
    {
        var now = time.GetUtcNow();
        if (state.State.Response is { } response && now - state.State.StoredAt < IIdempotencyKeyGrain.Lifetime)
        {
            return Task.FromResult(state.State.RequestHash == requestHash
                ? new IdempotencyClaim(IdempotencyOutcome.Replay, response)
                : new IdempotencyClaim(IdempotencyOutcome.OtherRequest, null));
        }
        if (_claim is { } claim && now - claim.At < ClaimLifetime)
        {
            return Task.FromResult(new IdempotencyClaim(claim.Hash == requestHash ? IdempotencyOutcome.InProgress : IdempotencyOutcome.OtherRequest, null));
        }
        _claim = (requestHash, now);
        return Task.FromResult(new IdempotencyClaim(IdempotencyOutcome.Proceed, null));
    }

    public async Task CompleteAsync(string requestHash, IdempotentResponse response)
    {
        if (_claim?.Hash != requestHash)
        {
            // The claim lapsed and another request took the key; the first answer stored wins.
            return;
        }
        state.State.RequestHash = requestHash;
        state.State.Response = response;
        state.State.StoredAt = time.GetUtcNow();
        await state.WriteStateAsync();
        _claim = null;
        // A reminder, so the key is forgotten after its lifetime even if nobody asks for it again.
        await this.RegisterOrUpdateReminder(ExpiryReminder, IIdempotencyKeyGrain.Lifetime, IIdempotencyKeyGrain.Lifetime);
    }

    public Task AbandonAsync(string requestHash)
    {
        if (_claim?.Hash == requestHash)
        {
            _claim = null;
        }
        return Task.CompletedTask;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ExpiryReminder)
        {
            return;
        }
        if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        await state.ClearStateAsync();
    }
}
