namespace Cohortly.Grains.Tests;

/// <summary>
/// The real clock plus an offset a test moves forward, for clusters started with <see cref="SettingKey"/>: time still
/// passes (timeouts, tokens), and a grace period of hours is crossed at once instead of waited for.
/// </summary>
public sealed class OffsetClock : TimeProvider
{
    public const string SettingKey = "CohortlyTest:OffsetClock";

    public static readonly OffsetClock Shared = new();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, OffsetClock> Named = new();

    private long _offsetTicks;

    private OffsetClock()
    {
    }

    /// <summary>
    /// The clock a cluster's setting names: "on" is the shared one; any other value a clock of its own, so a test that
    /// moves time by months does not move it under another class's cluster running at the same time.
    /// </summary>
    public static OffsetClock For(string setting) => setting == "on" ? Shared : Named.GetOrAdd(setting, _ => new OffsetClock());

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
