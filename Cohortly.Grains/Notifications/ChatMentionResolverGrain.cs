using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Orleans.Concurrency;

namespace Cohortly.Notifications;

/// <summary>One activation per silo, reentrant so that posts to many rooms share one index and its reads in flight.</summary>
[StatelessWorker(1), Reentrant]
[GrainType("chatmentionresolver")]
public sealed class ChatMentionResolverGrain(TimeProvider time) : Grain, IChatMentionResolverGrain
{
    /// <summary>How long a bootcamp's member names are trusted before they are read again.</summary>
    private static readonly TimeSpan MemberNamesAge = TimeSpan.FromSeconds(30);

    private readonly Dictionary<string, (Task<ImmutableArray<(string Name, string UserId)>> Names, DateTimeOffset ReadAt)> _names = [];

    public async Task<ImmutableArray<string>> ResolveAsync(string bootcampId, string text, string authorId)
    {
        if (!text.Contains('@', StringComparison.Ordinal))
        {
            return [];
        }
        var names = await NamesAsync(bootcampId);
        return [.. names
            .Where(member => member.UserId != authorId && text.Contains("@" + member.Name, StringComparison.OrdinalIgnoreCase))
            .Select(member => member.UserId)
            .Distinct()];
    }

    /// <summary>Longest names first so "@Ann Lee" beats "@Ann".</summary>
    private Task<ImmutableArray<(string Name, string UserId)>> NamesAsync(string bootcampId)
    {
        var now = time.GetUtcNow();
        if (_names.TryGetValue(bootcampId, out var cached) && !cached.Names.IsFaulted && now - cached.ReadAt <= MemberNamesAge)
        {
            return cached.Names;
        }
        // Stale indexes of quiet rooms go when a room is read again, so the worker holds only rooms in use.
        foreach (var stale in _names.Where(entry => now - entry.Value.ReadAt > MemberNamesAge).Select(entry => entry.Key).ToList())
        {
            _names.Remove(stale);
        }
        var read = ReadNamesAsync(bootcampId);
        _names[bootcampId] = (read, now);
        return read;
    }

    private async Task<ImmutableArray<(string Name, string UserId)>> ReadNamesAsync(string bootcampId)
    {
        var members = await BootcampAudience.UserIdsAsync(GrainFactory, bootcampId, Audience.Members);
        var profiles = await Task.WhenAll(members.Select(id => GrainFactory.GetGrain<IUserGrain>(id).GetProfileAsync()));
        return [.. profiles.OfType<UserProfile>().Select(p => (p.DisplayName, p.UserId)).OrderByDescending(p => p.DisplayName.Length)];
    }
}
