using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

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
