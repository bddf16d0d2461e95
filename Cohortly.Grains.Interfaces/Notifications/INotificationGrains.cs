using System.Collections.Immutable;
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

/// <summary>Writes one notification into many inboxes; a stateless worker, so large fan-outs spread over silos.</summary>
[Alias("cohortly.notifications.inbox-delivery")]
public interface IInboxDeliveryGrain : IGrainWithIntegerKey
{
    [Alias("deliver")]
    Task DeliverAsync(Notification notification, ImmutableArray<string> userIds);
}

/// <summary>Listens to one bootcamp's stream (implicitly) and fills the inboxes of the audience of each event.</summary>
[Alias("cohortly.notifications.bootcamp-notifier")]
public interface IBootcampNotifierGrain : IGrainWithStringKey
{
    /// <summary>The user ids an audience of the bootcamp is made of right now.</summary>
    [Alias("recipients")]
    Task<ImmutableArray<string>> RecipientsAsync(Audience audience);
}

/// <summary>Listens to the everyone stream and fills every user's inbox through the user directory.</summary>
[Alias("cohortly.notifications.everyone-notifier")]
public interface IEveryoneNotifierGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("ping")]
    Task PingAsync();
}

/// <summary>Makes announcements after checking who may: admins to anyone, instructors to their own bootcamps.</summary>
[Alias("cohortly.notifications.announcer")]
public interface IAnnouncerGrain : IGrainWithIntegerKey
{
    /// <summary>A null bootcamp id means everyone (admins only).</summary>
    [Alias("announce")]
    Task AnnounceAsync(Caller caller, string? bootcampId, string title, string body);
}

/// <summary>A bootcamp's chat room: posts with a per-user rate limit, history in page grains, @mentions.</summary>
[Alias("cohortly.notifications.chat-room")]
public interface IChatRoomGrain : IGrainWithStringKey
{
    public const int MaxTextLength = 2000;

    [Alias("post")]
    Task<ChatMessage> PostAsync(Caller caller, string text);

    /// <summary>Up to <paramref name="limit"/> messages before the cursor (a sequence number or a time), oldest first.</summary>
    [Alias("history"), ReadOnly]
    Task<ImmutableArray<ChatMessage>> HistoryAsync(long? beforeSequence, DateTimeOffset? beforeTime, int limit);
}

/// <summary>A hundred consecutive chat messages, keyed <c>{bootcampId}/{pageIndex}</c>.</summary>
[Alias("cohortly.notifications.chat-page")]
public interface IChatPageGrain : IGrainWithStringKey
{
    public const int Size = 100;

    [Alias("put")]
    Task PutAsync(int slot, ChatMessage message);

    [Alias("get-messages"), ReadOnly]
    Task<IReadOnlyList<ChatMessage>> GetMessagesAsync();

    public static string KeyOf(string bootcampId, long page) => $"{bootcampId}/{page}";
}

/// <summary>A mentor's availability, which a reminder switches off at its end time even across restarts. Keyed by user id.</summary>
[Alias("cohortly.notifications.mentor-availability")]
public interface IMentorAvailabilityGrain : IGrainWithStringKey
{
    [Alias("set")]
    Task SetAsync(Caller caller, bool available, DateTimeOffset? until);

    [Alias("get"), ReadOnly]
    Task<MentorAvailability> GetAsync();
}

/// <summary>Every user in registration order, a page at a time, so "everyone" can be reached without one giant list.</summary>
[Alias("cohortly.notifications.user-directory")]
public interface IUserDirectoryGrain : IGrainWithIntegerKey
{
    public const long Key = 0;
    public const int PageSize = 500;

    [Alias("append")]
    Task AppendAsync(string userId);

    [Alias("count"), ReadOnly]
    Task<int> CountAsync();
}

[Alias("cohortly.notifications.user-directory-page")]
public interface IUserDirectoryPageGrain : IGrainWithIntegerKey
{
    [Alias("put")]
    Task PutAsync(int slot, string userId);

    [Alias("get-user-ids"), ReadOnly]
    Task<ImmutableArray<string>> GetUserIdsAsync();
}
