namespace Cohortly.Frontend.Infrastructure.Home;

/// <summary>The caller's home: the cards their roles get, in page order.</summary>
public sealed record HomeResponse(IReadOnlyList<HomeCardResponse> Cards);

/// <summary>
/// One card: <c>data</c> has the shape its <c>kind</c> names (see the schema's <c>oneOf</c>). A card that failed to load
/// has <c>error</c> set and no data; the rest of the home is unaffected.
/// </summary>
public sealed record HomeCardResponse(string Kind, object? Data, string? Error);
