using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>A user's notifications, newest first, capped so the state stays small. Keyed by user id.</summary>
[Alias("cohortly.notifications.inbox")]
public interface INotificationInboxGrain : IGrainWithStringKey
{
    public const int Capacity = 500;

    /// <summary>Stores the notification unless one with its id is already there (events may be redelivered).</summary>
    [Alias("add")]
    Task AddAsync(Notification notification);

    [Alias("list"), ReadOnly]
    Task<InboxPage> ListAsync(bool unreadOnly, DateTimeOffset? since, int page, int pageSize);

    /// <summary>False when the inbox has no such notification.</summary>
    [Alias("mark-read")]
    Task<bool> MarkReadAsync(string notificationId);

    [Alias("mark-all-read")]
    Task MarkAllReadAsync();
}
