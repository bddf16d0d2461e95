namespace Cohortly.Frontend.Infrastructure;

/// <summary>The list envelope of API.md: <c>{ items, page, pageSize, total }</c>.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public sealed record PageRequest(int? Page, int? PageSize)
{
    public const int MaxPageSize = 100;

    public int PageNumber => Page ?? 1;

    public int Size => PageSize ?? 20;

    public FieldErrors Validate()
    {
        var errors = new FieldErrors();
        if (PageNumber < 1)
        {
            errors.Add("page", "page starts at 1.");
        }
        if (Size is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be between 1 and {MaxPageSize}.");
        }
        return errors;
    }
}
