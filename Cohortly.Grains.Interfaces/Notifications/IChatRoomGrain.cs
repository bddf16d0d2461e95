using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>A bootcamp's chat room: posts with a per-user rate limit, history in page grains, @mentions.</summary>
[Alias("cohortly.notifications.chat-room")]
public interface IChatRoomGrain : IGrainWithStringKey
{
    public const int MaxTextLength = 2000;

    /// <summary>Keyed posts the room remembers, so a retry of one of them answers the message it made.</summary>
    public const int RememberedRequests = 100;

    /// <summary>
    /// Stores a member's message. The room only stores: <paramref name="mentionedUserIds"/> come resolved from
    /// <see cref="IChatMentionResolverGrain"/>, so no roster is read while the room's other posts wait. With a
    /// <paramref name="requestId"/> (a REST post under an Idempotency-Key) the message takes it as its id, and a repeat
    /// of one of the last <see cref="RememberedRequests"/> keyed posts answers the stored message instead of posting again.
    /// </summary>
    [Alias("post")]
    Task<ChatMessage> PostAsync(Caller caller, string text, ImmutableArray<string> mentionedUserIds, string? requestId = null);

    /// <summary>Up to <paramref name="limit"/> messages before the cursor (a sequence number or a time), oldest first; members and admins.</summary>
    [Alias("history"), ReadOnly]
    Task<ImmutableArray<ChatMessage>> HistoryAsync(Caller caller, long? beforeSequence, DateTimeOffset? beforeTime, int limit);
}
