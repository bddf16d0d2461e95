using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.outbox-shard-state")]
public sealed class OutboxShardState
{
    /// <summary>Immutable, so a write in flight serializes a consistent snapshot while other calls interleave.</summary>
    [Id(0)] public ImmutableDictionary<string, OutboxEntry> Entries { get; set; } = ImmutableDictionary<string, OutboxEntry>.Empty;
}

/// <summary>
/// One shard of the outbox listing (see <see cref="IOutboxShardGrain"/>). Reentrant, so the status changes of many
/// emails sending at once share one storage write (group commit) instead of queuing one write each.
/// A reminder sweeps queued emails whose retry is due, which is how sending resumes after a restart.
/// </summary>
[Reentrant]
[GrainType("outboxshard")]
public sealed class OutboxShardGrain(
    [PersistentState("outbox-shard", StorageNames.Cohortly)] IPersistentState<OutboxShardState> state,
    IOptions<EmailOptions> options,
    TimeProvider time) : Grain, IOutboxShardGrain, IRemindable
{
    private const string SweepReminder = "outbox-sweep";

    /// <summary>Orleans' shortest reminder period; a grain timer covers the fast retries while the emails are active.</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMinutes(1);

    private Task _lastWrite = Task.CompletedTask;
    private Task? _nextWrite;

    public Task TrackAsync(OutboxEntry entry)
    {
        var key = KeyOf(entry);
        if (state.State.Entries.TryGetValue(key, out var known) && known == entry)
        {
            return Task.CompletedTask;
        }
        state.State.Entries = state.State.Entries.SetItem(key, entry);
        if (entry.Status == OutboxStatus.Sent)
        {
            ForgetOldSent();
        }
        return _nextWrite ??= WriteAfterAsync(_lastWrite);
    }

    public Task<PageSlice<OutboxEntry>> ListAsync(OutboxStatus? status, int max)
    {
        var matching = state.State.Entries.Values.Where(e => status is null || e.Status == status).ToList();
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

    private async Task SweepAsync()
    {
        var now = time.GetUtcNow();
        // Due within the next period: the email's own timer waits out the rest.
        var due = state.State.Entries.Values
            .Where(e => e.Status == OutboxStatus.Queued && (e.NextAttemptAt ?? now) <= now + SweepPeriod)
            .Select(e => e.MessageId)
            .ToList();
        foreach (var chunk in due.Chunk(100))
        {
            await Task.WhenAll(chunk.Select(messageId => GrainFactory.GetGrain<IOutboxMessageGrain>(messageId).WakeAsync()));
        }

        var expired = state.State.Entries
            .Where(e => e.Value.Status == OutboxStatus.Sent && e.Value.QueuedAt < now - options.Value.SentRetention)
            .Select(e => e.Key)
            .ToList();
        if (expired.Count > 0)
        {
            state.State.Entries = state.State.Entries.RemoveRange(expired);
            await (_nextWrite ??= WriteAfterAsync(_lastWrite));
        }
    }

    /// <summary>
    /// Waits for the write in flight, then writes everything changed meanwhile in one go; every caller that joined
    /// the batch resumes when its changes are stored.
    /// </summary>
    private async Task WriteAfterAsync(Task previous)
    {
        // Let the calls already queued behind this one add their entries first.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
        _nextWrite = null;
        _lastWrite = state.WriteStateAsync();
        await _lastWrite;
    }

    /// <summary>Sent emails need no more work: the message grain keeps its record, the listing keeps the recent ones.</summary>
    private void ForgetOldSent()
    {
        var sent = state.State.Entries.Values.Where(e => e.Status == OutboxStatus.Sent).ToList();
        if (sent.Count > IOutboxShardGrain.RecentSent)
        {
            var oldest = sent.OrderBy(e => e.QueuedAt).Take(sent.Count - IOutboxShardGrain.RecentSent).Select(KeyOf);
            state.State.Entries = state.State.Entries.RemoveRange(oldest);
        }
    }

    private static string KeyOf(OutboxEntry entry) => entry.MessageId;
}
