using System.Collections.Immutable;
using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

[GenerateSerializer, Alias("cohortly.email.outbox-batch-state")]
public sealed class OutboxBatchState
{
    /// <summary>Written when emails join, never when they are sent: the rendered bodies are the bulk of a batch.</summary>
    [Id(0)] public ImmutableArray<BatchedEmail> Emails { get; set; } = [];
}

[GenerateSerializer, Alias("cohortly.email.outbox-batch-progress-state")]
public sealed class OutboxBatchProgressState
{
    /// <summary>By message id, only the emails that were attempted or retried: small, so marking sends costs little.</summary>
    [Id(0)] public ImmutableDictionary<string, EmailDelivery> Deliveries { get; set; } = ImmutableDictionary<string, EmailDelivery>.Empty;
}

/// <summary>
/// Many emails as one unit of work (see <see cref="IOutboxBatchGrain"/>): one row for the bodies, written once when they
/// join; one small row of delivery marks; one entry in its shard for the batch, not one per email. A grain timer sends
/// the due emails one after another, each through the sender's pool (one connection at a time per batch; batches in
/// flight share the pool), and stores their marks in groups while the next ones go out.
/// </summary>
/// <remarks>
/// The window a crash leaves: an email the SMTP server accepted whose sent mark was not yet stored is sent again
/// when the batch resumes. Marks are written one write at a time, each write taking every mark made while the one
/// before it was in flight, so the window is the emails accepted during the write in flight at the crash (a few,
/// however long the batch), as with a single email whose server accepted it just before the crash. Every email's
/// Message-ID header is its outbox id, so a receiver can still drop the repeat. Stored marks are never sent again, and
/// a mark write that fails while the grain lives loses nothing: the marks stay in memory, nothing more is sent, and
/// they are stored again shortly.
/// </remarks>
[GrainType("outboxbatch")]
public sealed class OutboxBatchGrain(
    [PersistentState("outbox-batch", StorageNames.Cohortly)] IPersistentState<OutboxBatchState> batch,
    [PersistentState("outbox-batch-progress", StorageNames.Cohortly)] IPersistentState<OutboxBatchProgressState> progress,
    IEmailSender sender,
    EmailThrottle throttle,
    IOptions<EmailOptions> options,
    TimeProvider time,
    ILogger<OutboxBatchGrain> logger) : Grain, IOutboxBatchGrain
{
    private readonly CoalescedWrites _progressWrites = new(progress);
    /// <summary>How soon marks that could not be stored are stored again, before anything more is sent.</summary>
    private static readonly TimeSpan MarksRetryDelay = TimeSpan.FromSeconds(2);

    private IGrainTimer? _sendTimer;
    private bool _sending;
    private bool _marksUnstored;

    /// <summary>The emails known to be stored: sending never sees one whose enqueue is still writing (it may fail).</summary>
    private ImmutableArray<BatchedEmail> _stored = [];

    private string Key => this.GetPrimaryKeyString();

    private IOutboxShardGrain Shard => GrainFactory.GetGrain<IOutboxShardGrain>(IOutboxShardGrain.ShardOf(Key));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _stored = batch.State.Emails;
        return Task.CompletedTask;
    }

    /// <summary>A silo shutting down gives marks that could not be stored one more try.</summary>
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _marksUnstored ? _progressWrites.WriteAsync() : Task.CompletedTask;

    public async Task EnqueueAsync(ImmutableArray<OutgoingEmail> emails)
    {
        var held = batch.State.Emails.Select(e => e.Email.MessageId).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var joining = emails.Where(email => held.Add(email.MessageId)).Select(email => new BatchedEmail(email, now)).ToImmutableArray();
        if (joining.Length > 0)
        {
            var stored = batch.State.Emails;
            batch.State.Emails = stored.AddRange(joining);
            try
            {
                await batch.WriteStateAsync();
            }
            catch
            {
                // Not stored, so not queued: the sending (which interleaves) must not see them, and a repeat must store them.
                batch.State.Emails = stored;
                throw;
            }
            _stored = batch.State.Emails;
        }
        // Listed before the caller hears back, also on a repeat: a first try may have died between the two writes.
        await Shard.TrackBatchAsync(Key, Entries());
        ArmIfDue();
    }

    public async Task WakeAsync()
    {
        if (_stored.IsEmpty)
        {
            return;
        }
        // Sets the listing straight after a restart (the shard keeps queued batch emails in memory only).
        await Shard.TrackBatchAsync(Key, Entries());
        ArmIfDue();
    }

    public async Task<OutboxEntry?> RetryAsync(Caller caller, string messageId)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can retry an email.");
        }
        if (Find(messageId) is not { } email)
        {
            return null;
        }
        var delivery = DeliveryOf(email);
        if (delivery.Status == OutboxStatus.Sent)
        {
            return Entry(email);
        }
        var now = time.GetUtcNow();
        progress.State.Deliveries = progress.State.Deliveries.SetItem(messageId, delivery.Status == OutboxStatus.Failed
            ? new EmailDelivery(OutboxStatus.Queued, 0, delivery.LastError, now)
            : delivery with { NextAttemptAt = now });
        await _progressWrites.WriteAsync();
        await Shard.TrackBatchAsync(Key, Entries());
        ArmIfDue();
        return Entry(email);
    }

    public Task<OutboxEntry?> GetAsync(string messageId) => Task.FromResult(Find(messageId) is { } email ? Entry(email) : null);

    private BatchedEmail? Find(string messageId) => _stored.FirstOrDefault(e => e.Email.MessageId == messageId);

    /// <summary>Arms the send timer for the earliest due email, unless a pass is running (it re-arms when it ends).</summary>
    private void ArmIfDue()
    {
        if (_sending)
        {
            return;
        }
        TimeSpan wait;
        if (_marksUnstored)
        {
            wait = MarksRetryDelay;
        }
        else if (NextDue() is { } due)
        {
            wait = due - time.GetUtcNow();
        }
        else
        {
            return;
        }
        _sendTimer?.Dispose();
        _sendTimer = this.RegisterGrainTimer(SendDueAsync,
            new GrainTimerCreationOptions(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true, Interleave = true });
    }

    private DateTimeOffset? NextDue() =>
        _stored
            .Select(e => (Email: e, Delivery: DeliveryOf(e)))
            .Where(e => e.Delivery.Status == OutboxStatus.Queued)
            .Select(e => (DateTimeOffset?)(e.Delivery.NextAttemptAt ?? e.Email.QueuedAt))
            .Min();

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        // Disposed only when done: disposing a timer cancels the token of the callback it is running.
        using var firing = _sendTimer;
        _sendTimer = null;
        _sending = true;
        try
        {
            if (_marksUnstored)
            {
                // Nothing more goes out until the server's earlier acceptances are stored.
                await _progressWrites.WriteAsync();
                _marksUnstored = false;
            }
            await SendPassAsync(cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The marks in memory are the truth (the server accepted those emails): keep them, send nothing more, and
            // store them again shortly. Starting over from the stored ones would send them twice.
            _marksUnstored = true;
            logger.LogWarning(failure, "Email batch {Key} could not store its delivery marks; storing them again in {Delay}", Key, MarksRetryDelay);
        }
        finally
        {
            _sending = false;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        if (!_marksUnstored)
        {
            await Shard.TrackBatchAsync(Key, Entries());
            if (NextDue() is null)
            {
                // Nothing left to do: a week's batches should not stay in memory.
                DeactivateOnIdle();
                return;
            }
        }
        ArmIfDue();
    }

    /// <summary>Sends every due email in order; returns once the marks of all of them are stored.</summary>
    private async Task SendPassAsync(CancellationToken cancellationToken)
    {
        var writes = new List<Task>();
        try
        {
            foreach (var email in _stored)
            {
                var delivery = DeliveryOf(email);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                if (delivery.Status != OutboxStatus.Queued || (delivery.NextAttemptAt ?? email.QueuedAt) > time.GetUtcNow())
                {
                    continue;
                }
                await throttle.WaitTurnAsync(cancellationToken);
                delivery = await AttemptAsync(email.Email, delivery, cancellationToken);
                progress.State.Deliveries = progress.State.Deliveries.SetItem(email.Email.MessageId, delivery);
                // Not awaited: the next email goes out while this mark is stored (with every mark made meanwhile).
                var write = _progressWrites.WriteAsync();
                if (writes.Count == 0 || writes[^1] != write)
                {
                    writes.Add(write);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Deactivating: the marks made so far are still stored below.
        }
        try
        {
            await Task.WhenAll(writes);
        }
        catch when (writes[^1].IsCompletedSuccessfully)
        {
            // An earlier write failed, but the last one stored every mark made before it.
        }
    }

    private async Task<EmailDelivery> AttemptAsync(OutgoingEmail email, EmailDelivery delivery, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        try
        {
            await sender.SendAsync(email, cancellationToken);
            return new EmailDelivery(OutboxStatus.Sent, attempts, null, null);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var settings = options.Value;
            var error = OutboxRetries.Describe(failure);
            if (attempts >= settings.MaxAttempts)
            {
                logger.LogWarning("Email {MessageId} of batch {Key} failed for good after {Attempts} attempts: {Error}", email.MessageId, Key, attempts, error);
                return new EmailDelivery(OutboxStatus.Failed, attempts, error, null);
            }
            var next = time.GetUtcNow() + OutboxRetries.Backoff(attempts, settings);
            logger.LogInformation("Email {MessageId} of batch {Key} attempt {Attempts} failed, next at {NextAttemptAt}: {Error}",
                email.MessageId, Key, attempts, next, error);
            return new EmailDelivery(OutboxStatus.Queued, attempts, error, next);
        }
    }

    private EmailDelivery DeliveryOf(BatchedEmail email) =>
        progress.State.Deliveries.GetValueOrDefault(email.Email.MessageId) ?? new EmailDelivery(OutboxStatus.Queued, 0, null, null);

    private ImmutableArray<OutboxEntry> Entries() => [.. _stored.Select(Entry)];

    private OutboxEntry Entry(BatchedEmail email)
    {
        var delivery = DeliveryOf(email);
        var next = delivery.Status == OutboxStatus.Queued ? delivery.NextAttemptAt ?? email.QueuedAt : (DateTimeOffset?)null;
        return new OutboxEntry(email.Email.MessageId, email.Email.To, email.Email.Template, delivery.Status, delivery.Attempts,
            delivery.LastError, email.QueuedAt, next, Key);
    }
}
