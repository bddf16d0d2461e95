using System.Collections.Immutable;
using Cohortly.Common;

namespace Cohortly.Accounts;

[GenerateSerializer, Alias("cohortly.accounts.user-directory-shard-state")]
public sealed class UserDirectoryShardState
{
    [Id(0)] public Dictionary<string, UserProfile> Users { get; set; } = [];
}

[GrainType("userdirectoryshard")]
public sealed class UserDirectoryShardGrain(
    [PersistentState("user-directory-shard", StorageNames.Cohortly)] IPersistentState<UserDirectoryShardState> state) : Grain, IUserDirectoryShardGrain
{
    public async Task UpsertAsync(UserProfile profile)
    {
        if (state.State.Users.TryGetValue(profile.UserId, out var current) && current == profile)
        {
            return;
        }
        state.State.Users[profile.UserId] = profile;
        await state.WriteStateAsync();
    }

    public Task<PageSlice<UserProfile>> SearchAsync(string? text, int take)
    {
        var words = UserDirectoryOrder.Words(text);
        var matches = state.State.Users.Values.Where(user => UserDirectoryOrder.Matches(user, words)).ToList();
        var first = matches.Order(UserDirectoryOrder.Comparer).Take(take).ToImmutableArray();
        return Task.FromResult(new PageSlice<UserProfile>(first, matches.Count));
    }
}

/// <summary>How the directory matches and orders users, shared by the shards and the reader that merges them.</summary>
public static class UserDirectoryOrder
{
    public static readonly IComparer<UserProfile> Comparer = Comparer<UserProfile>.Create((a, b) =>
    {
        var byName = StringComparer.OrdinalIgnoreCase.Compare(a.DisplayName, b.DisplayName);
        return byName != 0 ? byName : StringComparer.Ordinal.Compare(a.UserId, b.UserId);
    });

    public static string[] Words(string? text) =>
        text?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    public static bool Matches(UserProfile user, string[] words) =>
        words.All(word => user.DisplayName.Contains(word, StringComparison.OrdinalIgnoreCase)
            || user.Email.Contains(word, StringComparison.OrdinalIgnoreCase));
}
