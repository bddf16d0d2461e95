using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.outbox-shard-state")]
public sealed class OutboxShardState
{
    /// <summary>
    /// The emails still to send or failed: what the sweep resumes after a restart. Immutable, so a write in flight
    /// serializes a consistent snapshot while other calls interleave. Data stored before the sent listing had its own
    /// state holds sent emails here too; they move to <see cref="OutboxSentState"/> on activation.
    /// </summary>
    [Id(0)] public ImmutableDictionary<string, OutboxEntry> Entries { get; set; } = ImmutableDictionary<string, OutboxEntry>.Empty;

    /// <summary>The batches (<see cref="IOutboxBatchGrain"/>) with an email still to send: the sweep wakes them after a restart.</summary>
    [Id(1)] public ImmutableHashSet<string> Batches { get; set; } = ImmutableHashSet<string>.Empty;
}

[GenerateSerializer, Alias("cohortly.email.outbox-sent-state")]
public sealed class OutboxSentState
{
    /// <summary>The shard's most recent sent emails, for the admin's listing only: no work depends on them.</summary>
    [Id(0)] public ImmutableDictionary<string, OutboxEntry> Entries { get; set; } = ImmutableDictionary<string, OutboxEntry>.Empty;
}

/// <summary>
/// One shard of the outbox listing (see <see cref="IOutboxShardGrain"/>). Reentrant, so the status changes of many
/// emails sending at once share one storage write (group commit) instead of queuing one write each.
/// A reminder sweeps queued emails whose retry is due, which is how sending resumes after a restart.
/// </summary>
/// <remarks>
/// Only what a restart needs is written before a caller resumes: an email queued, retried or failed. A sent email
/// joins the recent-sent listing in memory and is written with the others that were sent in the same second, after
/// which its queued entry is dropped from the durable index (in that order). A crash before that loses nothing: the
/// queued entry is still stored, so the restart's sweep wakes the email, which is sent already and tells the shard so
/// again. Each write therefore serializes the emails in flight, not the whole listing per sent email: rewriting some
/// 400 entries per status change was the largest cost of a bulk send (benchmarks/README.md, "Bulk email").
/// </remarks>
[Reentrant]
[GrainType("outboxshard")]
public sealed class OutboxShardGrain(
    [PersistentState("outbox-shard", StorageNames.Cohortly)] IPersistentState<OutboxShardState> state,
    [PersistentState("outbox-sent", StorageNames.Cohortly)] IPersistentState<OutboxSentState> sent,
    IOptions<EmailOptions> options,
    TimeProvider time) : Grain, IOutboxShardGrain, IRemindable
{
    private const string SweepReminder = "outbox-sweep";

    /// <summary>Orleans' shortest reminder period; a grain timer covers the fast retries while the emails are active.</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How long sent emails gather in memory before they are written together.</summary>
    private static readonly TimeSpan SentFlushDelay = TimeSpan.FromSeconds(1);

    private readonly CoalescedWrites _pendingWrites = new(state);
    private readonly CoalescedWrites _sentWrites = new(sent);
    private IGrainTimer? _sentFlush;

    /// <summary>The queued emails of batches, in memory only: each batch stores them itself and lists them again when woken.</summary>
    private ImmutableDictionary<string, OutboxEntry> _batchQueued = ImmutableDictionary<string, OutboxEntry>.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stored = state.State.Entries.Values.Where(e => e.Status == OutboxStatus.Sent).ToList();
        if (stored.Count > 0)
        {
            sent.State.Entries = sent.State.Entries.SetItems(stored.Select(e => KeyValuePair.Create(e.MessageId, e)));
            ArmSentFlush();
        }
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _sentFlush is null ? Task.CompletedTask : FlushSentAsync(cancellationToken);

    public Task TrackAsync(OutboxEntry entry)
    {
        var key = entry.MessageId;
        if (entry.Status == OutboxStatus.Sent)
        {
            if (!sent.State.Entries.TryGetValue(key, out var listed) || listed != entry)
            {
                sent.State.Entries = sent.State.Entries.SetItem(key, entry);
                ArmSentFlush();
            }
            return Task.CompletedTask;
        }
        if (state.State.Entries.TryGetValue(key, out var known) && known == entry)
        {
            return Task.CompletedTask;
        }
        state.State.Entries = state.State.Entries.SetItem(key, entry);
        return _pendingWrites.WriteAsync();
    }

    public Task TrackBatchAsync(string batchId, ImmutableArray<OutboxEntry> entries)
    {
        var stored = state.State;
        var (durable, batches) = (stored.Entries, stored.Batches);
        foreach (var entry in entries)
        {
            var key = entry.MessageId;
            if (entry.Status == OutboxStatus.Failed)
            {
                _batchQueued = _batchQueued.Remove(key);
                durable = durable.SetItem(key, entry);
                continue;
            }
            // Queued again (an admin's retry) or sent: no longer the failure the durable listing kept.
            durable = durable.Remove(key);
            if (entry.Status == OutboxStatus.Queued)
            {
                _batchQueued = _batchQueued.SetItem(key, entry);
            }
            else
            {
                _batchQueued = _batchQueued.Remove(key);
                if (!sent.State.Entries.TryGetValue(key, out var listed) || listed != entry)
                {
                    sent.State.Entries = sent.State.Entries.SetItem(key, entry);
                    ArmSentFlush();
                }
            }
        }
        batches = entries.Any(entry => entry.Status == OutboxStatus.Queued) ? batches.Add(batchId) : batches.Remove(batchId);
        if (durable == stored.Entries && batches == stored.Batches)
        {
            return Task.CompletedTask;
        }
        (stored.Entries, stored.Batches) = (durable, batches);
        return _pendingWrites.WriteAsync();
    }

    public Task<OutboxEntry?> FindAsync(string messageId) =>
        Task.FromResult(Listed().FirstOrDefault(entry => entry.MessageId == messageId));

    public Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int max)
    {
        var matching = Listed().Where(e => status is null || e.Status == status).ToList();
        var newest = matching.OrderByDescending(e => e.QueuedAt).ThenBy(e => e.MessageId, StringComparer.Ordinal).Take(max);
        return Task.FromResult(new PageSlice<OutboxEntry>([.. newest], matching.Count));
    }

    public async Task EnsureSweepingAsync()
    {
        if (await this.GetReminder(SweepReminder) is null)
        {
            await this.RegisterOrUpdateReminder(SweepReminder, SweepPeriod, SweepPeriod);
        }
        await SweepAsync();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) =>
        reminderName == SweepReminder ? SweepAsync() : Task.CompletedTask;

    /// <summary>Every email once: a sent one may still have its queued entry until the next flush.</summary>
    private IEnumerable<OutboxEntry> Listed() =>
        state.State.Entries.Values.Where(e => e.Status != OutboxStatus.Sent && !sent.State.Entries.ContainsKey(e.MessageId))
            .Concat(_batchQueued.Values)
            .Concat(sent.State.Entries.Values);

    private async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        // Due within the next period: the email's own timer waits out the rest.
        var due = Listed()
            .Where(e => e.BatchId is null && e.Status == OutboxStatus.Queued && (e.NextAttemptAt ?? now) <= now + SweepPeriod)
            .Select(e => e.MessageId)
            .ToList();
        foreach (var chunk in due.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(messageId => GrainFactory.GetGrain<IOutboxMessageGrain>(messageId).WakeAsync()));
        }
        // A batch times its own retries while active; waking one that is costs a call, one that is not resumes it.
        foreach (var chunk in state.State.Batches.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(batchId => GrainFactory.GetGrain<IOutboxBatchGrain>(batchId).WakeAsync()));
        }

        var expired = sent.State.Entries
            .Where(e => e.Value.QueuedAt < now - options.Value.SentRetention)
            .Select(e => e.Key)
            .ToList();
        if (expired.Count > 0)
        {
            sent.State.Entries = sent.State.Entries.RemoveRange(expired);
            ArmSentFlush();
        }
    }

    private void ArmSentFlush() =>
        _sentFlush ??= this.RegisterGrainTimer(FlushSentAsync, new GrainTimerCreationOptions(SentFlushDelay, Timeout.InfiniteTimeSpan));

    /// <summary>
    /// Writes the sent listing (only its <see cref="IOutboxShardGrain.RecentSent"/> newest), then drops the queued entries
    /// of those emails from the durable index: never the other way round, or a crash in between would forget them both.
    /// </summary>
    private async Task FlushSentAsync(CancellationToken cancellationToken)
    {
        using var firing = _sentFlush;
        _sentFlush = null;
        var listed = sent.State.Entries;
        var trimmed = listed.Count > IOutboxShardGrain.RecentSent;
        if (trimmed)
        {
            var oldest = listed.Values.OrderBy(e => e.QueuedAt).ThenBy(e => e.MessageId, StringComparer.Ordinal)
                .Take(listed.Count - IOutboxShardGrain.RecentSent).Select(e => e.MessageId).ToList();
            sent.State.Entries = listed.RemoveRange(oldest);
            // Out of the listing for good: their queued entries go with the index's write below.
            state.State.Entries = state.State.Entries.RemoveRange(oldest);
        }
        var recorded = sent.State.Entries;
        await _sentWrites.WriteAsync();

        var done = state.State.Entries.Values
            .Where(e => e.Status == OutboxStatus.Sent || recorded.ContainsKey(e.MessageId))
            .Select(e => e.MessageId)
            .ToList();
        if (done.Count > 0 || trimmed)
        {
            state.State.Entries = state.State.Entries.RemoveRange(done);
            await _pendingWrites.WriteAsync();
        }
    }
}
