using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.Notifications;

[GenerateSerializer, Alias("cohortly.notifications.chat-page-state")]
public sealed class ChatPageState
{
    [Id(0)] public List<ChatMessage?> Messages { get; set; } = [];
}

[GrainType("chatpage")]
public sealed class ChatPageGrain(
    [PersistentState("chat-page", StorageNames.Cohortly)] IPersistentState<ChatPageState> state) : Grain, IChatPageGrain
{
    public async Task PutAsync(int slot, ChatMessage message)
    {
        SlotList.Put(state.State.Messages, slot, IChatPageGrain.Size, message);
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ChatMessage>> GetMessagesAsync() => Task.FromResult(SlotList.Filled(state.State.Messages));
}
