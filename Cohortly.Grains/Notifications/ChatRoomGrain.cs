using System.Collections.Immutable;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Events;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.chat-room-state")]
public sealed class ChatRoomState : IHoldsPendingEvents
{
    [Id(0)] public long Sequence { get; set; }
    [Id(1)] public List<DomainEvent> PendingEvents { get; set; } = [];

    /// <summary>The last keyed posts (message id = request id), oldest first: what a retried request is answered from.</summary>
    [Id(2)] public List<ChatMessage> KeyedPosts { get; set; } = [];
}

[GrainType("chatroom")]
public sealed class ChatRoomGrain(
    [PersistentState("chat-room", StorageNames.Cohortly)] IPersistentState<ChatRoomState> state,
    TimeProvider time) : Grain, IChatRoomGrain, IRemindable
{
    /// <summary>Per user: at most this many messages in <see cref="RateWindow"/>, enough to talk, too few to flood.</summary>
    public const int RateLimit = 10;
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly EventOutbox<ChatRoomState> _events = new(state);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentPosts = [];

    private string BootcampId => this.GetPrimaryKeyString();

    public async Task<ChatMessage> PostAsync(Caller caller, string text, ImmutableArray<string> mentionedUserIds, string? requestId = null)
    {
        text = text.Trim();
        if (text.Length is 0 or > IChatRoomGrain.MaxTextLength)
        {
            throw DomainException.Invalid("invalid-message", $"A message has 1 to {IChatRoomGrain.MaxTextLength} characters.");
        }
        await GrainFactory.RequireMemberAsync(caller, BootcampId, "Only members of the bootcamp can chat in its room.");
        if (requestId is not null && state.State.KeyedPosts.Find(posted => posted.MessageId == requestId) is { } earlier)
        {
            // A retry whose first answer was lost (its key grain never heard back): the page write may be what the crash
            // cut short, so it is put again (the same slot, the same message); the events went out with the first.
            await Page(earlier.Sequence).PutAsync((int)(earlier.Sequence % IChatPageGrain.Size), earlier);
            return earlier;
        }
        var now = time.GetUtcNow();
        ThrottleOrThrow(caller.UserId, now);

        var sequence = ++state.State.Sequence;
        var message = new ChatMessage(requestId ?? SecureTokens.NewId(), BootcampId, caller.UserId, caller.DisplayName, text, now, sequence);
        if (requestId is not null)
        {
            state.State.KeyedPosts.Add(message);
            if (state.State.KeyedPosts.Count > IChatRoomGrain.RememberedRequests)
            {
                state.State.KeyedPosts.RemoveAt(0);
            }
        }
        _events.Raise(new ChatMessagePosted(DomainEventPublisher.NewEventId(), now, BootcampId, message));
        foreach (var mentioned in mentionedUserIds.Where(id => id != caller.UserId).Distinct())
        {
            _events.Raise(new ChatMentioned(DomainEventPublisher.NewEventId(), now, BootcampId, mentioned, message));
        }
        await _events.WriteAsync(this);
        await Page(sequence).PutAsync((int)(sequence % IChatPageGrain.Size), message);
        await _events.PublishAsync(this);
        return message;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    public async Task<ImmutableArray<ChatMessage>> HistoryAsync(Caller caller, long? beforeSequence, DateTimeOffset? beforeTime, int limit)
    {
        await GrainFactory.RequireMemberAsync(caller, BootcampId, "Only members of the bootcamp can read its chat.");
        var newest = Math.Min(state.State.Sequence, (beforeSequence ?? long.MaxValue) - 1);
        var collected = new List<ChatMessage>();
        // A time cursor may point far back; looking at a bounded number of pages keeps a request cheap.
        for (var page = newest / IChatPageGrain.Size; page >= 0 && collected.Count < limit && newest >= 1 && page > newest / IChatPageGrain.Size - 50; page--)
        {
            var messages = await GrainFactory.GetGrain<IChatPageGrain>(IChatPageGrain.KeyOf(BootcampId, page)).GetMessagesAsync();
            collected.AddRange(messages
                .Where(m => m.Sequence <= newest && (beforeTime is null || m.SentAt < beforeTime))
                .OrderByDescending(m => m.Sequence));
        }
        return [.. collected.Take(limit).OrderBy(m => m.Sequence)];
    }

    private void ThrottleOrThrow(string userId, DateTimeOffset now)
    {
        if (!_recentPosts.TryGetValue(userId, out var posts))
        {
            _recentPosts[userId] = posts = new Queue<DateTimeOffset>();
        }
        while (posts.Count > 0 && now - posts.Peek() > RateWindow)
        {
            posts.Dequeue();
        }
        if (posts.Count >= RateLimit)
        {
            throw new DomainException(DomainErrorKind.TooManyRequests, "chat-rate-limited",
                $"Slow down: at most {RateLimit} messages in {RateWindow.TotalSeconds:0} seconds.");
        }
        posts.Enqueue(now);
    }

    private IChatPageGrain Page(long sequence) =>
        GrainFactory.GetGrain<IChatPageGrain>(IChatPageGrain.KeyOf(BootcampId, sequence / IChatPageGrain.Size));
}
