-- Cohortly schema for SQLite (embedded mode): Orleans ADO.NET grain storage and reminders.
--
-- DatabaseSchema.EnsureSqliteAsync runs this whole file on every start, inside one transaction,
-- after switching the file to WAL. Every statement must therefore be safe to repeat:
-- tables and indexes use IF NOT EXISTS, and the query rows are upserted so an improved query text
-- shipped in a new build replaces the one stored by an older build.
--
-- The contract with Orleans 10.4 (Microsoft.Orleans.Persistence.AdoNet / Reminders.AdoNet):
--   * Orleans reads its SQL from OrleansQuery by QueryKey and runs it with named parameters
--     (@Name); it reads results by column name. Table shapes are ours to choose.
--   * Storage parameters: GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
--     GrainIdExtensionString, ServiceId, GrainStateVersion, PayloadBinary.
--   * Reminder parameters: ServiceId, GrainId, GrainHash, ReminderName, StartTime, Period,
--     Version, BeginHash, EndHash.
-- Clustering is not here: embedded mode uses localhost clustering.

-- Orleans looks this table up by name and reads the columns QueryKey and QueryText.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);

------------------------------------------------------------------------------------------------
-- Grain storage
------------------------------------------------------------------------------------------------

-- One row per grain state. Version is the ETag Orleans hands back on the next write: a write
-- only lands if the row still holds the version the activation read (optimistic concurrency).
-- A cleared state keeps its row with a NULL payload so the version keeps counting up.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              TEXT    NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    -- Orleans' own hashes of the id and the type, kept so lookups stay on a narrow index prefix
    -- even for string-keyed grains, whose whole key lives in GrainIdExtensionString.
    GrainIdHash            INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    PayloadBinary          BLOB    NULL,
    Version                INTEGER NOT NULL,
    ModifiedOn             TEXT    NOT NULL
);

-- The grain's identity must be unique, but SQLite treats NULLs as distinct in a UNIQUE index, so
-- the nullable key extension is indexed as two expressions: "is it NULL" and its value with NULL
-- folded to ''. That keeps a NULL extension and an empty one apart while still colliding on a
-- second NULL. The writes below turn a collision into a version conflict, never a duplicate row.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    ServiceId,
    GrainTypeHash,
    GrainIdHash,
    GrainTypeString,
    GrainIdN0,
    GrainIdN1,
    GrainIdExtensionString IS NULL,
    IFNULL(GrainIdExtensionString, '')
);

-- Read: at most one row. Orleans takes PayloadBinary (NULL means "no record") and Version (the ETag).
-- "IS" is SQLite's NULL-safe equality, needed for grains without a key extension.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS @GrainIdExtensionString;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Write: must return exactly one NewGrainStateVersion row on success. Returning no row (or the old
-- version) is how the query says "conflict": Orleans then throws InconsistentStateException.
--   * With an ETag: update only the row still at that version.
--   * Without an ETag (first write of this activation): insert version 1; if the row already exists
--     someone else wrote it first, so DO NOTHING returns no row and Orleans reports the conflict.
-- Each statement is guarded by the ETag test, so exactly one of them can act. Each is atomic on
-- its own: a writing statement in SQLite takes the write lock before it reads.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = @PayloadBinary,
        Version = Version + 1,
        ModifiedOn = CURRENT_TIMESTAMP
    WHERE @GrainStateVersion IS NOT NULL
      AND ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;

    INSERT INTO OrleansStorage
        (ServiceId, GrainTypeString, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1,
         GrainIdExtensionString, PayloadBinary, Version, ModifiedOn)
    SELECT @ServiceId, @GrainTypeString, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
           @GrainIdExtensionString, @PayloadBinary, 1, CURRENT_TIMESTAMP
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Clear (the default, DeleteStateOnClear = false): drop the payload, keep the row and bump the
-- version. Orleans reads the first column of the single row as the new ETag; no row = conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        Version = Version + 1,
        ModifiedOn = CURRENT_TIMESTAMP
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Delete (only used with DeleteStateOnClear = true): remove the row if it is still at the ETag.
-- Orleans needs a non-empty value that differs from the old ETag to accept it, hence Version + 1.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

------------------------------------------------------------------------------------------------
-- Reminders (Orleans ships no SQLite reminder queries; these follow the provider's contract)
------------------------------------------------------------------------------------------------

-- StartTime is stored as the text Microsoft.Data.Sqlite writes for a DateTime
-- ("yyyy-MM-dd HH:mm:ss.FFFFFFF", always UTC here) and parses back with GetDateTime.
-- Period is in milliseconds. GrainHash is Orleans' uniform hash of the grain id, stored as a
-- signed 32-bit value: the provider passes hashes cast to int and picks the range query by
-- comparing them signed, so the stored values must be signed as well.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    TEXT    NOT NULL,
    GrainId      TEXT    NOT NULL,
    ReminderName TEXT    NOT NULL,
    StartTime    TEXT    NOT NULL,
    Period       INTEGER NOT NULL,
    GrainHash    INTEGER NOT NULL,
    Version      INTEGER NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo's reminder service loads the reminders whose grain hash falls in its ring range.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Every reminder query returns GrainId, ReminderName, StartTime, Period and Version by name.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- A silo owns the ring range (BeginHash, EndHash]. Orleans uses this query when BeginHash < EndHash
-- (compared as signed ints), i.e. the range does not wrap around.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- ...and this one otherwise: the range wraps past the end of the ring. BeginHash = EndHash means
-- the whole ring (a single silo), which the OR also covers.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Register or update: Orleans expects the row's new Version (its ETag) back as one row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', '
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = excluded.StartTime,
        Period = excluded.Period,
        GrainHash = excluded.GrainHash,
        Version = OrleansRemindersTable.Version + 1
    RETURNING Version;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Unregister: only at the ETag the caller holds. Orleans reads one row with one column as a
-- boolean. changes() counts the rows of the DELETE just before it on this same connection.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName
      AND Version = @Version;

    SELECT changes() > 0;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;

-- Used by Orleans' test hooks to wipe one service's reminders.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
