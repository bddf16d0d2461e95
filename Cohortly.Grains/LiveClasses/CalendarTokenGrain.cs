namespace Cohortly.LiveClasses;

[GenerateSerializer, Alias("cohortly.live-classes.calendar-token-state")]
public sealed class CalendarTokenState
{
    [Id(0)] public string? UserId { get; set; }
}

[GrainType("calendartoken")]
public sealed class CalendarTokenGrain(
    [PersistentState("calendar-token", Common.StorageNames.Cohortly)] IPersistentState<CalendarTokenState> state) : Grain, ICalendarTokenGrain
{
    public Task<string?> GetUserAsync() => Task.FromResult(state.State.UserId);

    public async Task SetAsync(string userId)
    {
        if (state.State.UserId == userId)
        {
            return;
        }
        state.State.UserId = userId;
        await state.WriteStateAsync();
    }

    public async Task RevokeAsync()
    {
        if (state.State.UserId is null)
        {
            return;
        }
        state.State.UserId = null;
        await state.WriteStateAsync();
    }
}
