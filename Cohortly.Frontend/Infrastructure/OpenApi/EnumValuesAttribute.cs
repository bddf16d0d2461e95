namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// The closed set of strings a contract property holds (for a list: each item), published as the schema's <c>enum</c>
/// by <see cref="EnumValuesSchemaTransformer"/>. Name the constants the values come from, so a new value cannot be
/// added in one place only; the API tests fail on any response value the set does not list.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class EnumValuesAttribute : Attribute
{
    public EnumValuesAttribute(params string[] values) => Values = values;

    /// <summary>The wire names of an enum's members, written lower-case as the contracts write them.</summary>
    public EnumValuesAttribute(Type enumType) =>
        Values = [.. Enum.GetNames(enumType).Select(name => name.ToLowerInvariant())];

    public IReadOnlyList<string> Values { get; }
}
