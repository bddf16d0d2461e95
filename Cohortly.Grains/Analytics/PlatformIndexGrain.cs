using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Analytics;

[GenerateSerializer, Alias("cohortly.analytics.platform-index-state")]
public sealed class PlatformIndexState
{
    [Id(0)] public SortedSet<string> Months { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<string, BootcampCompletion> Completion { get; set; } = [];
}

/// <summary>
/// The months that hold platform figures and each bootcamp's completion rate. A month is added once in its life and a
/// bootcamp's rate only when it changes (its projection pushes at most once a second), so this is never on an event's path.
/// </summary>
[GrainType("platformindex")]
public sealed class PlatformIndexGrain(
    [PersistentState("platform-index", StorageNames.Cohortly)] IPersistentState<PlatformIndexState> state) : Grain, IPlatformIndexGrain
{
    public async Task AddMonthAsync(string month)
    {
        if (state.State.Months.Add(month))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task SetCompletionAsync(BootcampCompletion completion)
    {
        if (state.State.Completion.GetValueOrDefault(completion.BootcampId) != completion)
        {
            state.State.Completion[completion.BootcampId] = completion;
            await state.WriteStateAsync();
        }
    }

    public Task<PlatformIndex> GetAsync() => Task.FromResult(new PlatformIndex(
        [.. state.State.Months],
        [.. state.State.Completion.Values.OrderBy(c => c.Title, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.BootcampId, StringComparer.Ordinal)]));
}
