namespace Cohortly.Silo.Persistence;

/// <summary>
/// Puts reminder writes on the same SQLite write gate as grain state. Grains register a reminder in the same turn as
/// their state write (EventOutbox), and two writers on the file at once meet SQLITE_BUSY, which Microsoft.Data.Sqlite
/// answers by sleeping 150 ms: measured on the enroll benchmark, 14 enrollments/s with the reminder writes beside the
/// gate against 68 before the reminders existed. Reads go straight through, as for grain state.
/// </summary>
public sealed class SerializedSqliteReminders(IReminderTable sqlite, SqliteWriteGate gate) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken) => sqlite.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => sqlite.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => sqlite.ReadRows(grainId);

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => sqlite.ReadRows(begin, end);

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => sqlite.ReadRow(grainId, reminderName);

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        string? etag = null;
        await gate.RunAsync(async () => etag = await sqlite.UpsertRow(entry));
        return etag;
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var removed = false;
        await gate.RunAsync(async () => removed = await sqlite.RemoveRow(grainId, reminderName, eTag));
        return removed;
    }

    public Task TestOnlyClearTable() => gate.RunAsync(sqlite.TestOnlyClearTable);
}
