namespace Cohortly.Frontend.Infrastructure;

/// <summary>The list envelope of API.md: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public sealed record PageRequest(int? Page, int? PageSize)
{
    public const int MaxPageSize = 100;

    public int PageNumber => Page ?? 1;

    public int Size => PageSize ?? 20;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (PageNumber < 1)
        {
            errors["page"] = ["page starts at 1."];
        }
        if (Size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }
        return errors;
    }
}

public static class SlotPages
{
    /// <summary>
    /// The rows of one API page from a list kept in fixed-size page grains (rosters, submission indexes):
    /// reads only the one or two grain pages that the requested window overlaps.
    /// </summary>
    public static async Task<List<T>> ReadAsync<T>(PageRequest paging, int total, int grainPageSize, Func<int, Task<IReadOnlyList<T>>> readGrainPage)
    {
        var first = (paging.PageNumber - 1) * paging.Size;
        var last = Math.Min(total, first + paging.Size) - 1;
        var rows = new List<T>();
        for (var grainPage = first / grainPageSize; first <= last && grainPage <= last / grainPageSize; grainPage++)
        {
            rows.AddRange(await readGrainPage(grainPage));
        }
        return [.. rows.Skip(first % grainPageSize).Take(paging.Size)];
    }
}
