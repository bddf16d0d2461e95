namespace Cohortly.Common;

/// <summary>Names shared by the silo configuration and every grain that persists state.</summary>
public static class StorageNames
{
    /// <summary>The one grain storage provider: SQLite when embedded, PostgreSQL in a cluster.</summary>
    public const string Cohortly = "cohortly";

    // Orleans' ADO.NET storage keys a row by state name and grain key, not by grain class: every
    // [PersistentState] name must be unique across grain classes, or two grains share one row.

}
