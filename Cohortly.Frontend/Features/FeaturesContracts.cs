namespace Cohortly.Frontend.Features;

public sealed record FeaturesResponse(IReadOnlyDictionary<string, bool> Features);
