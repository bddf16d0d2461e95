namespace Cohortly.Frontend.Features;

/// <summary>A capability that configuration can switch off (<c>FeatureManagement:&lt;Name&gt;</c>), registered by the feature that owns it.</summary>
public sealed record FeatureFlag(string Name);
