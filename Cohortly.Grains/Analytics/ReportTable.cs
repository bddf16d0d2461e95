namespace Cohortly.Analytics;

/// <summary>Report rows being summed: the additive parts of each row, by its keys, in the order the keys first came.</summary>
internal sealed class ReportTable
{
    private readonly Dictionary<string, (string[] Keys, decimal[] Parts)> _rows = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(string[] keys, params decimal[] parts)
    {
        // A unit separator cannot appear in an id, a title or a date, so joined keys never collide.
        var id = string.Join('\u001f', keys);
        if (!_rows.TryGetValue(id, out var row))
        {
            _rows[id] = row = (keys, new decimal[parts.Length]);
            _order.Add(id);
        }
        for (var i = 0; i < parts.Length; i++)
        {
            row.Parts[i] += parts[i];
        }
    }

    public void Add(ReportRow row)
    {
        Add([.. row.Keys], [.. row.Values.Select(v => v ?? 0m)]);
    }

    /// <summary>The rows in first-seen order, or ordered by their keys (days, weeks and months sort as text).</summary>
    public List<ReportRow> Rows(bool sortByKey)
    {
        var order = sortByKey ? _order.Order(StringComparer.Ordinal) : (IEnumerable<string>)_order;
        return [.. order.Select(id => new ReportRow([.. _rows[id].Keys], [.. _rows[id].Parts.Select(p => (decimal?)p)]))];
    }

    /// <summary>Students by name (then id), so a report reads like the roster; other groupings as they are.</summary>
    public static List<ReportRow> Ordered(List<ReportRow> rows, string groupBy) => groupBy == ReportsRules.ByStudent
        ? [.. rows.OrderBy(r => r.Keys[1], StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Keys[0], StringComparer.Ordinal)]
        : rows;
}
