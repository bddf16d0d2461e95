using Cohortly.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Cohortly.Events;

/// <summary>Grain state that carries the events raised with it until they are handed to the streams.</summary>
public interface IHoldsPendingEvents
{
    List<DomainEvent> PendingEvents { get; }
}

/// <summary>How often a grain with events not yet handed on tries again (Orleans' reminders allow one minute at least by default).</summary>
public sealed class EventOutboxOptions
{
    public const string Section = "Cohortly:Events";

    public TimeSpan RepublishPeriod { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// A grain's outbox of domain events. Events are raised into the state's pending list and stored by the same write as
/// the change they describe, so an acknowledged change never loses its event. After the write they are handed to the
/// streams, and the stored copy stays until a reminder tick at least one full period later clears it (memory queues and
/// consumers get that long to finish). The reminder, registered with the first write that stores an event, hands on
/// again whatever a crash left stored: on its tick, or at once when anything activates the grain. Consumers dedupe by
/// event id, so handing an event on twice is harmless.
/// </summary>
public sealed class EventOutbox<TState>(IPersistentState<TState> state, GroupedStateWrites<TState>? writes = null) where TState : IHoldsPendingEvents
{
    public const string ReminderName = "cohortly.pending-events";


    private bool _reminderRegistered;
    // The first this many pending events were handed on by this activation. They stay in the list, and so in every
    // write the grain makes anyway, until the reminder's tick: a memory stream queue on a silo that dies in between
    // loses them, and the tick then hands them on once more.
    private int _handedOn;
    // The cluster's membership when the oldest of those was handed on: a change since means a queue may have been lost.
    private MembershipVersion _handedOnDuring;
    // How many of the handed-on events were already handed on at the previous tick. Only these are cleared: an event
    // handed on just before a tick may still sit in a queue or half-way through a consumer, and a crash then would
    // lose it if the tick had already dropped the stored copy. A full period is the time consumers get to finish.
    private int _settled;

    public void Raise(DomainEvent domainEvent) => state.State.PendingEvents.Add(domainEvent);

    /// <summary>
    /// Writes the state with its pending events. The reminder that re-publishes them is registered alongside the first
    /// such write of an activation: the request is acknowledged only after both, and if only the write lands the next
    /// activation (a client's retry, say) publishes what it finds.
    /// </summary>
    public async Task WriteAsync(Grain grain)
    {
        try
        {
            if (state.State.PendingEvents.Count > 0 && !_reminderRegistered)
            {
                await Task.WhenAll(Write(grain), RegisterReminderAsync(grain));
            }
            else
            {
                await Write(grain);
            }
        }
        catch
        {
            // The change and its events are in memory only; a fresh activation reads what was stored instead of
            // publishing, or building on, a change nobody acknowledged.
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>
    /// Hands the events not yet handed on to the streams, oldest first. A failure is logged, not thrown: the change is
    /// stored and the reminder will try again, so the request that made it still succeeds.
    /// </summary>
    public async Task PublishAsync(Grain grain)
    {
        var pending = state.State.PendingEvents;
        try
        {
            while (_handedOn < pending.Count)
            {
                await grain.PublishAsync(pending[_handedOn]);
                if (_handedOn++ == 0)
                {
                    _handedOnDuring = Membership(grain);
                }
            }
        }
        catch (Exception failure)
        {
            Logger(grain).LogWarning(failure, "{Count} event(s) of {Grain} stay pending; its reminder will publish them", pending.Count - _handedOn, grain.GetGrainId());
            await RegisterReminderAsync(grain);
        }
    }

    /// <summary>
    /// Called from OnActivateAsync: events stored by an activation that died before the tick that clears them go out now
    /// (some may have been handed on already; consumers dedupe). The reminder that stored them clears them.
    /// </summary>
    public async Task OnActivateAsync(Grain grain)
    {
        if (state.State.PendingEvents.Count == 0)
        {
            return;
        }
        // Only the tick clears stored events, so they need their reminder even if the write that stored them lost it.
        if (await grain.GetReminder(ReminderName) is null)
        {
            await RegisterReminderAsync(grain);
        }
        _reminderRegistered = true;
        await PublishAsync(grain);
    }

    /// <summary>
    /// Returns true when the tick was this outbox's: it publishes what is pending; if the cluster's membership changed
    /// since events were handed on, it hands those on again; it clears from the stored state the events that were
    /// handed on before the previous tick (a full period to reach their consumers), and stops the reminder once
    /// nothing is left.
    /// </summary>
    public async Task<bool> ReceiveReminderAsync(Grain grain, string reminderName)
    {
        if (reminderName != ReminderName)
        {
            return false;
        }
        await PublishAsync(grain);
        if (_handedOn > 0 && Membership(grain) != _handedOnDuring)
        {
            if (!await RepublishHandedOnAsync(grain))
            {
                return true;
            }
            // Handed on again just now: they get another full period before they are cleared.
            _settled = 0;
        }
        if (_settled > 0)
        {
            state.State.PendingEvents.RemoveRange(0, _settled);
            _handedOn -= _settled;
            await WriteAsync(grain);
        }
        _settled = _handedOn;
        if (state.State.PendingEvents.Count == 0)
        {
            if (await grain.GetReminder(ReminderName) is { } reminder)
            {
                await grain.UnregisterReminder(reminder);
            }
            _reminderRegistered = false;
        }
        return true;
    }

    /// <summary>A silo joined or left since these were handed on: the queue that held them may be gone, so they go out once more.</summary>
    private async Task<bool> RepublishHandedOnAsync(Grain grain)
    {
        try
        {
            foreach (var domainEvent in state.State.PendingEvents.Take(_handedOn).ToList())
            {
                await grain.PublishAsync(domainEvent);
            }
            _handedOnDuring = Membership(grain);
            return true;
        }
        catch (Exception failure)
        {
            Logger(grain).LogWarning(failure, "Handing {Count} event(s) of {Grain} on again after a membership change failed; its next tick tries again", _handedOn, grain.GetGrainId());
            return false;
        }
    }

    // A grain that groups its writes passes its writer: every write of one state must go one way.
    private Task Write(Grain grain) => writes?.WriteAsync(grain) ?? state.WriteStateAsync();

    private static MembershipVersion Membership(Grain grain) =>
        grain.GrainContext.ActivationServices.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Version;

    private async Task RegisterReminderAsync(Grain grain)
    {
        var period = grain.GrainContext.ActivationServices.GetRequiredService<IOptions<EventOutboxOptions>>().Value.RepublishPeriod;
        await grain.RegisterOrUpdateReminder(ReminderName, period, period);
        _reminderRegistered = true;
    }

    private static ILogger Logger(Grain grain) =>
        grain.GrainContext.ActivationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Cohortly.Events.EventOutbox");
}
