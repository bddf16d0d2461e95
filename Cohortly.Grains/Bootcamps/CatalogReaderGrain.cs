using System.Collections.Immutable;
using Cohortly.Common;
using Orleans.Concurrency;

namespace Cohortly.Bootcamps;

[StatelessWorker]
[GrainType("catalogreader")]
public sealed class CatalogReaderGrain(TimeProvider time) : Grain, ICatalogReaderGrain
{
    /// <summary>How stale a search may be. A new bootcamp shows up in the catalog within this time.</summary>
    private static readonly TimeSpan SnapshotAge = TimeSpan.FromSeconds(1);

    private IReadOnlyList<CatalogEntry> _snapshot = [];
    private readonly CatalogRows[] _shards = [.. Enumerable.Repeat(new CatalogRows(-1, []), ICatalogShardGrain.Shards)];
    private DateTimeOffset _takenAt = DateTimeOffset.MinValue;

    public async Task<PageSlice<CatalogEntry>> SearchAsync(string? text, string? tag, int page, int pageSize)
    {
        await RefreshAsync();
        var matches = _snapshot.Where(entry => Matches(entry, text, tag)).ToList();
        var items = matches.Skip((page - 1) * pageSize).Take(pageSize).ToImmutableArray();
        return new PageSlice<CatalogEntry>(items, matches.Count);
    }

    public async Task<PlatformStats> GetPlatformStatsAsync(Caller caller, TimeSpan soon)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see platform figures.");
        }
        await RefreshAsync();
        var now = time.GetUtcNow();
        return new PlatformStats(_snapshot.Count, _snapshot.Sum(entry => entry.Details.Capacity - entry.SeatsLeft),
            [.. _snapshot.Where(entry => entry.Details.StartsAt >= now && entry.Details.StartsAt <= now + soon)]);
    }

    private async Task RefreshAsync()
    {
        if (time.GetUtcNow() - _takenAt > SnapshotAge)
        {
            // The question costs a few bytes per shard when nothing changed; only the shards that changed send their rows,
            // and the merged order is rebuilt only when one did.
            var answers = await Task.WhenAll(_shards.Select((known, shard) =>
                GrainFactory.GetGrain<ICatalogShardGrain>(shard).GetAllIfChangedAsync(known.Version)));
            var changed = false;
            for (var shard = 0; shard < answers.Length; shard++)
            {
                if (answers[shard] is { } rows)
                {
                    _shards[shard] = rows;
                    changed = true;
                }
            }
            if (changed)
            {
                _snapshot = [.. _shards.SelectMany(rows => rows.Entries)
                    .OrderBy(entry => entry.Details.StartsAt)
                    .ThenBy(entry => entry.Details.Title, StringComparer.OrdinalIgnoreCase)
                    .ThenBy(entry => entry.BootcampId, StringComparer.Ordinal)];
            }
            _takenAt = time.GetUtcNow();
        }
    }

    private static bool Matches(CatalogEntry entry, string? text, string? tag)
    {
        var details = entry.Details;
        if (!string.IsNullOrWhiteSpace(tag) && !details.Tags.Contains(tag.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        return text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(word =>
            details.Title.Contains(word, StringComparison.OrdinalIgnoreCase)
            || details.Description.Contains(word, StringComparison.OrdinalIgnoreCase)
            || details.Tags.Any(t => t.Contains(word, StringComparison.OrdinalIgnoreCase))
            || details.Skills.Any(s => s.Contains(word, StringComparison.OrdinalIgnoreCase)));
    }
}
