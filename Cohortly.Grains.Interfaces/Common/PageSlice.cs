using System.Collections.Immutable;

namespace Cohortly.Common;

/// <summary>One page of a list kept in grains, with the total it was cut from.</summary>
[GenerateSerializer, Immutable, Alias("cohortly.common.page-slice`1")]
public sealed record PageSlice<T>(
    [property: Id(0)] ImmutableArray<T> Items,
    [property: Id(1)] int Total);
