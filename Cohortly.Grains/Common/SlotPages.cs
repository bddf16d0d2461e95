using System.Collections.Immutable;

namespace Cohortly.Common;

public static class SlotPages
{
    /// <summary>
    /// The rows of one requested page from a list kept in fixed-size page grains (rosters, submission indexes):
    /// reads only the one or two grain pages that the requested window overlaps.
    /// </summary>
    public static async Task<ImmutableArray<T>> ReadAsync<T>(int page, int pageSize, int total, int grainPageSize, Func<int, Task<IReadOnlyList<T>>> readGrainPage)
    {
        var first = (page - 1) * pageSize;
        var last = Math.Min(total, first + pageSize) - 1;
        var rows = new List<T>();
        for (var grainPage = first / grainPageSize; first <= last && grainPage <= last / grainPageSize; grainPage++)
        {
            rows.AddRange(await readGrainPage(grainPage));
        }
        return [.. rows.Skip(first % grainPageSize).Take(pageSize)];
    }

    /// <summary>Every row of a list kept in fixed-size page grains, its pages read side by side.</summary>
    public static async Task<IEnumerable<T>> ReadAllAsync<T>(int total, int grainPageSize, Func<int, Task<IReadOnlyList<T>>> readGrainPage)
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, (total + grainPageSize - 1) / grainPageSize).Select(readGrainPage));
        return pages.SelectMany(page => page);
    }
}
