using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.mentor-availability-state")]
public sealed class MentorAvailabilityState : IHoldsPendingEvents
{
    [Id(0)] public bool Available { get; set; }
    [Id(1)] public DateTimeOffset? Until { get; set; }
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public List<DomainEvent> PendingEvents { get; set; } = [];
}

[GrainType("mentoravailability")]
public sealed class MentorAvailabilityGrain(
    [PersistentState("mentor-availability", StorageNames.Cohortly)] IPersistentState<MentorAvailabilityState> state,
    TimeProvider time) : Grain, IMentorAvailabilityGrain, IRemindable
{
    /// <summary>A reminder, not a timer: "available until 18:00" must end at 18:00 even if the silo restarted at noon.</summary>
    private const string EndReminder = "availability-ends";

    private readonly EventOutbox<MentorAvailabilityState> _events = new(state);

    private string MentorId => this.GetPrimaryKeyString();

    public async Task SetAsync(Caller caller, bool available, DateTimeOffset? until)
    {
        RequireSelf(caller, "Mentors set their own availability.");
        var now = time.GetUtcNow();
        if (until is { } end && (end <= now || end > now.AddDays(7)))
        {
            throw DomainException.Invalid("invalid-until", "until must be in the next seven days.");
        }
        state.State.Available = available;
        state.State.Until = available ? until : null;
        state.State.DisplayName = caller.DisplayName;
        await RaiseChangedAsync(now);
        await _events.WriteAsync(this);
        if (state.State.Until is { } ends)
        {
            await this.RegisterOrUpdateReminder(EndReminder, ends - now, TimeSpan.FromDays(1));
        }
        else
        {
            await UnregisterEndReminderAsync();
        }
        await _events.PublishAsync(this);
    }

    public Task<MentorAvailability> GetAsync()
    {
        var expired = state.State.Until is { } until && until <= time.GetUtcNow();
        return Task.FromResult(new MentorAvailability(MentorId, state.State.Available && !expired, expired ? null : state.State.Until));
    }

    public Task<MentorAvailability> GetOwnAsync(Caller caller)
    {
        RequireSelf(caller, "Only mentors have an availability of their own.");
        return GetAsync();
    }

    private void RequireSelf(Caller caller, string refusal)
    {
        if (caller.UserId != MentorId || !caller.Has(Roles.Mentor))
        {
            throw DomainException.Forbidden(refusal);
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != EndReminder)
        {
            await _events.ReceiveReminderAsync(this, reminderName);
            return;
        }
        await UnregisterEndReminderAsync();
        if (state.State.Available)
        {
            state.State.Available = false;
            state.State.Until = null;
            await RaiseChangedAsync(time.GetUtcNow());
            await _events.WriteAsync(this);
            await _events.PublishAsync(this);
        }
    }

    private async Task UnregisterEndReminderAsync()
    {
        if (await this.GetReminder(EndReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Every bootcamp the mentor coaches hears of the change.</summary>
    private async Task RaiseChangedAsync(DateTimeOffset now)
    {
        var memberships = await GrainFactory.GetGrain<IUserMembershipsGrain>(MentorId).ListAsync();
        foreach (var membership in memberships.Where(m => m.Role == MemberRole.Mentor))
        {
            _events.Raise(new MentorAvailabilityChanged(DomainEventPublisher.NewEventId(), now, membership.BootcampId,
                MentorId, state.State.DisplayName, state.State.Available, state.State.Until));
        }
    }
}
