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

/// <summary>
/// A bootcamp's (or everyone's) recent audience-wide notifications, written once per event. Inboxes read it when
/// they are listed instead of each member's inbox being written, so an announcement to 1,000 members is one
/// storage write, not 1,000.
/// </summary>
public interface INotificationFeedGrain : IGrainWithStringKey
{
    /// <summary>How many entries a feed keeps; older ones fall off, as in an inbox.</summary>
    public const int Capacity = INotificationInboxGrain.Capacity;

    /// <summary>The entries for any of the audiences created at or after <paramref name="since"/>, oldest first.</summary>
    [Alias("read"), ReadOnly]
    Task<ImmutableArray<FeedEntry>> ReadAsync(ImmutableArray<Audience> audiences, DateTimeOffset since);
}

/// <summary>Keyed by bootcamp id; fed by the bootcamp's stream (implicit subscription).</summary>
[Alias("cohortly.notifications.bootcamp-feed")]
public interface IBootcampFeedGrain : INotificationFeedGrain
{
    public static string FeedKey(string bootcampId) => $"bootcamp/{bootcampId}";
}

/// <summary>Admins' announcements to everyone; keyed <see cref="Events.EventStreams.EveryoneKey"/>.</summary>
[Alias("cohortly.notifications.everyone-feed")]
public interface IEveryoneFeedGrain : INotificationFeedGrain
{
    public const string FeedKey = "everyone";
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
