using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>
/// Turns the @Names in a chat message into member ids against a per-silo index of each bootcamp's member names, so
/// the roster is not read inside the room grain while every other message to that room waits. Key 0.
/// </summary>
[Alias("cohortly.notifications.chat-mention-resolver")]
public interface IChatMentionResolverGrain : IGrainWithIntegerKey
{
    public const long Key = 0;

    /// <summary>The members, other than the author, whose display name follows an @ in the text.</summary>
    [Alias("resolve"), ReadOnly]
    Task<ImmutableArray<string>> ResolveAsync(string bootcampId, string text, string authorId);
}
