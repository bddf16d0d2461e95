using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.announcement-state")]
public sealed class AnnouncementState : IHoldsPendingEvents
{
    [Id(0)] public AnnouncementMade? Announcement { get; set; }
    [Id(1)] public List<DomainEvent> PendingEvents { get; set; } = [];
}

[GrainType("announcement")]
public sealed class AnnouncementGrain(
    [PersistentState("announcement", StorageNames.Cohortly)] IPersistentState<AnnouncementState> state) : Grain, IAnnouncementGrain, IRemindable
{
    private readonly EventOutbox<AnnouncementState> _events = new(state);

    public async Task MakeAsync(AnnouncementMade announcement)
    {
        if (announcement.EventId != this.GetPrimaryKeyString())
        {
            throw new ArgumentException("An announcement grain is keyed by its event id.", nameof(announcement));
        }
        if (state.State.Announcement is null)
        {
            state.State.Announcement = announcement;
            _events.Raise(announcement);
            await _events.WriteAsync(this);
        }
        await _events.PublishAsync(this);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);
}
