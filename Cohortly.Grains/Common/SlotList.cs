namespace Cohortly.Common;

/// <summary>A fixed-capacity list addressed by slot, for the page grains that hold long lists a page at a time.</summary>
public static class SlotList
{
    /// <summary>Puts the value at the slot, growing the list with empty slots as needed.</summary>
    public static void Put<T>(List<T?> entries, int slot, int capacity, T value)
        where T : class
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, capacity);
        while (entries.Count <= slot)
        {
            entries.Add(null);
        }
        entries[slot] = value;
    }

    /// <summary>The filled slots in order; a slot claimed by a writer that failed stays empty and is skipped.</summary>
    public static IReadOnlyList<T> Filled<T>(List<T?> entries)
        where T : class => entries.OfType<T>().ToList();
}
