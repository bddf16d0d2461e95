using System.Collections.Immutable;

namespace Cohortly.Frontend.Analytics;

/// <summary>
/// A custom report as JSON: the column names, then one array per row holding the key cells (strings: ids, names, days,
/// weeks, months, currencies) followed by the figures (numbers, or null where nothing was measured).
/// </summary>
public sealed record ReportResponse(ImmutableArray<string> Columns, List<object?[]> Rows);
