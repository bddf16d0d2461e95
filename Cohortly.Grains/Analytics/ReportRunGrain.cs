using System.Collections.Immutable;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;

namespace Cohortly.Analytics;

/// <summary>
/// One custom report being produced (a fresh key per request; collected two minutes after its last call: deactivating itself
/// when its rows run out would pull the enumerator from under the caller, whose last request for a batch, the one that
/// learns the rows ended, can still be on its way). A report of one bootcamp, or
/// one grouped by bootcamp, passes each bootcamp's rows on as they come, so its size is bounded by no one's memory but
/// the bootcamp grain's; other groupings across bootcamps add up rows with the same keys (days, weeks, months,
/// assignments, students: as many rows as there are keys).
/// </summary>
[GrainType("reportrun"), CollectionAgeLimit(Minutes = 2)]
public sealed class ReportRunGrain : Grain, IReportRunGrain
{
    private Caller? _caller;
    private ReportQuery? _query;
    private ImmutableArray<string> _bootcampIds = [];

    public async Task<ImmutableArray<string>> OpenAsync(Caller caller, ReportQuery query)
    {
        if (ReportsRules.Validate(query) is { Count: > 0 } errors)
        {
            throw DomainException.Validation(errors);
        }
        if (query.Metric == ReportsRules.Revenue && !caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can see revenue.");
        }
        if (query.BootcampId is { } bootcampId)
        {
            await GrainFactory.GetGrain<IBootcampReportsGrain>(bootcampId).RequireReportReaderAsync(caller, query);
            _bootcampIds = [bootcampId];
        }
        else if (caller.IsAdmin)
        {
            _bootcampIds = [.. (await GrainFactory.GetCatalogAsync()).OrderBy(b => b.Details.Title, StringComparer.OrdinalIgnoreCase).Select(b => b.BootcampId)];
        }
        else if (caller.Has(Roles.Instructor) || caller.Has(Roles.Mentor))
        {
            var mine = await GrainFactory.GetGrain<IBootcampReaderGrain>(IBootcampReaderGrain.Key).ListMineAsync(caller);
            _bootcampIds = [.. mine.Where(b => b.Role is MemberRole.Instructor or MemberRole.Mentor).Select(b => b.Bootcamp.BootcampId)];
        }
        else
        {
            throw DomainException.Forbidden("Reports are for a bootcamp's staff and admins.");
        }
        (_caller, _query) = (caller, query);
        return ReportsRules.Columns(query.Metric, query.GroupBy);
    }

    public async IAsyncEnumerable<ReportRow> RowsAsync()
    {
        if (_caller is not { } caller || _query is not { } query)
        {
            throw new InvalidOperationException("Open the report before reading its rows.");
        }
        if (_bootcampIds.Length <= 1 || query.GroupBy == ReportsRules.ByBootcamp)
        {
            foreach (var bootcampId in _bootcampIds)
            {
                await foreach (var row in GrainFactory.GetGrain<IBootcampReportsGrain>(bootcampId).RowsAsync(caller, query with { BootcampId = bootcampId }))
                {
                    yield return Finish(query, row);
                }
            }
            yield break;
        }
        var table = new ReportTable();
        foreach (var bootcampId in _bootcampIds)
        {
            await foreach (var row in GrainFactory.GetGrain<IBootcampReportsGrain>(bootcampId).RowsAsync(caller, query with { BootcampId = bootcampId }))
            {
                table.Add(row);
            }
        }
        var rows = ReportTable.Ordered(table.Rows(sortByKey: ReportsRules.IsTimeSeries(query.GroupBy)), query.GroupBy);
        foreach (var row in rows)
        {
            yield return Finish(query, row);
        }
    }

    private static ReportRow Finish(ReportQuery query, ReportRow row) => row with { Values = ReportsRules.Finish(query.Metric, row.Values) };
}
