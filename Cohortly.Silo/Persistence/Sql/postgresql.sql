-- Cohortly schema for PostgreSQL (cluster mode; written and tested against PostgreSQL 15):
-- Orleans ADO.NET clustering, grain storage and reminders.
--
-- DatabaseSchema.EnsurePostgreSqlAsync runs this whole file on every silo start, in one transaction
-- that first takes a transaction-scoped advisory lock, so silos starting together apply it one
-- after another (concurrent CREATE TABLE IF NOT EXISTS can otherwise fail on the catalog's unique
-- indexes). Every statement must be safe to repeat: IF NOT EXISTS for tables and indexes, and
-- upserts for the query rows so an improved query text from a new build replaces an old one.
--
-- The contract with Orleans 10.4 (Microsoft.Orleans.*.AdoNet with the "Npgsql" invariant):
--   * Orleans reads its SQL from OrleansQuery by QueryKey and runs it with named parameters
--     (@Name, rewritten by Npgsql); it reads results by column name (Npgsql matches them
--     case-insensitively, so PostgreSQL's lower-casing of unquoted names is harmless).
--   * Each query here is a single statement, so it is atomic without functions or explicit
--     transactions; data-modifying CTEs chain the steps that must happen together.
--   * DateTime parameters arrive as UTC with DbType.DateTime, which Npgsql sends as timestamptz.
-- Query texts are dollar-quoted ($q$ ... $q$) so they can be read and diffed as plain SQL.

-- Orleans looks this table up by name and reads the columns QueryKey and QueryText.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

------------------------------------------------------------------------------------------------
-- Clustering (membership)
------------------------------------------------------------------------------------------------

-- One row per cluster (Orleans calls it DeploymentId; it is ClusterOptions.ClusterId). Its Version
-- is the membership table's ETag: every change to a member row must bump it atomically.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId text        NOT NULL PRIMARY KEY,
    Timestamp    timestamptz NOT NULL DEFAULT now(),
    Version      integer     NOT NULL DEFAULT 0
);

-- One row per silo incarnation (address, port and generation identify it).
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    -- Cascade, so removing a cluster's version row removes its members in the same statement.
    DeploymentId text        NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId) ON DELETE CASCADE,
    Address      text        NOT NULL,
    Port         integer     NOT NULL,
    Generation   integer     NOT NULL,
    SiloName     text        NOT NULL,
    HostName     text        NOT NULL,
    Status       integer     NOT NULL,
    ProxyPort    integer     NULL,
    -- "silo,date|silo,date": the votes other silos cast while suspecting this one.
    SuspectTimes text        NULL,
    StartTime    timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Creates the cluster's version row the first time a silo starts. Orleans expects one boolean row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId)
        VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Adds a silo. @Version is the table version the silo read; the insert only happens if nobody
-- changed the table since. The version row is updated first, so its row lock serializes
-- concurrent writers: a second writer re-checks Version after the first commits and finds it moved.
-- The NOT EXISTS keeps a retried insert from bumping the version without adding a row.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('InsertMembershipKey', $q$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1,
            Timestamp = now()
        WHERE DeploymentId = @DeploymentId
          AND Version = @Version
          AND NOT EXISTS (
              SELECT 1 FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    inserted AS (
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort,
             StartTime, IAmAliveTime)
        SELECT DeploymentId, @Address, @Port, @Generation, coalesce(@SiloName, ''), coalesce(@HostName, ''),
               @Status, @ProxyPort, @StartTime, @IAmAliveTime
        FROM bumped
        RETURNING 1
    )
    SELECT count(*) > 0 FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Changes a silo's status or suspicion votes, under the same table-version check as the insert.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateMembershipKey', $q$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
        SET Version = Version + 1,
            Timestamp = now()
        WHERE DeploymentId = @DeploymentId
          AND Version = @Version
          AND EXISTS (
              SELECT 1 FROM OrleansMembershipTable
              WHERE DeploymentId = @DeploymentId
                AND Address = @Address
                AND Port = @Port
                AND Generation = @Generation)
        RETURNING DeploymentId
    ),
    updated AS (
        UPDATE OrleansMembershipTable AS m
        SET Status = @Status,
            SuspectTimes = @SuspectTimes,
            IAmAliveTime = @IAmAliveTime
        FROM bumped
        WHERE m.DeploymentId = bumped.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
        RETURNING 1
    )
    SELECT count(*) > 0 FROM updated;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- The heartbeat. Orleans deliberately does not version it, so it never contends with the table ETag.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId
      AND Address = @Address
      AND Port = @Port
      AND Generation = @Generation;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Reads one silo's row plus the table version. The version row is always returned (LEFT JOIN):
-- Orleans takes the table ETag from the first row and treats a NULL StartTime as "no member".
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
          AND m.Address = @Address
          AND m.Port = @Port
          AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status,
           m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable AS v
    LEFT JOIN OrleansMembershipTable AS m
           ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Gateways for clients (cluster-mode front ends). Orleans passes @Status = Active (3).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND Status = @Status
      AND ProxyPort > 0;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Removes a whole cluster's membership, members by cascade (Orleans' test hooks; never on a normal path).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Periodic clean-up of rows left by silos that died long ago. Only Dead (6) rows go: a silo that
-- is still joining or shutting down keeps its row however old its heartbeat looks.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId
      AND IAmAliveTime < @IAmAliveTime
      AND Status = 6;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

------------------------------------------------------------------------------------------------
-- Grain storage
------------------------------------------------------------------------------------------------

-- One row per grain state. Version is the ETag Orleans hands back on the next write: a write
-- only lands if the row still holds the version the activation read (optimistic concurrency).
-- A cleared state keeps its row with a NULL payload so the version keeps counting up.
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    ServiceId              text        NOT NULL,
    GrainTypeString        text        NOT NULL,
    -- Orleans' own hashes of the id and the type, kept so lookups stay on a narrow index prefix
    -- even for string-keyed grains, whose whole key lives in GrainIdExtensionString.
    GrainIdHash            integer     NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainIdExtensionString text        NULL,
    PayloadBinary          bytea       NULL,
    Version                integer     NOT NULL,
    ModifiedOn             timestamptz NOT NULL DEFAULT now()
);

-- The grain's identity must be unique even when the key extension is NULL. Indexing "is it NULL"
-- plus the value with NULL folded to '' does that on any PostgreSQL version (NULLS NOT DISTINCT
-- would need 15+) and still keeps a NULL extension apart from an empty one.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
(
    ServiceId,
    GrainTypeHash,
    GrainIdHash,
    GrainTypeString,
    GrainIdN0,
    GrainIdN1,
    (GrainIdExtensionString IS NULL),
    (coalesce(GrainIdExtensionString, ''))
);

-- Read: at most one row. Orleans takes PayloadBinary (NULL means "no record") and Version (the ETag).
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Write: must return exactly one NewGrainStateVersion row on success. Returning no row is how the
-- query says "conflict": Orleans then throws InconsistentStateException.
--   * With an ETag: update only the row still at that version. Under READ COMMITTED a concurrent
--     writer waits for the row lock, re-checks Version, finds it moved and updates nothing.
--   * Without an ETag (first write of this activation): insert version 1; if the row exists, or a
--     concurrent first write wins the unique index, DO NOTHING returns no row: a conflict.
-- Both branches are guarded by the ETag test, so at most one of them acts.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE OrleansStorage
        SET PayloadBinary = @PayloadBinary,
            Version = Version + 1,
            ModifiedOn = now()
        WHERE @GrainStateVersion IS NOT NULL
          AND ServiceId = @ServiceId
          AND GrainTypeHash = @GrainTypeHash
          AND GrainIdHash = @GrainIdHash
          AND GrainTypeString = @GrainTypeString
          AND GrainIdN0 = @GrainIdN0
          AND GrainIdN1 = @GrainIdN1
          AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
          AND Version = @GrainStateVersion
        RETURNING Version
    ),
    inserted AS (
        INSERT INTO OrleansStorage
            (ServiceId, GrainTypeString, GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1,
             GrainIdExtensionString, PayloadBinary, Version)
        SELECT @ServiceId, @GrainTypeString, @GrainIdHash, @GrainTypeHash, @GrainIdN0, @GrainIdN1,
               @GrainIdExtensionString, @PayloadBinary, 1
        WHERE @GrainStateVersion IS NULL
        ON CONFLICT DO NOTHING
        RETURNING Version
    )
    SELECT Version AS NewGrainStateVersion FROM updated
    UNION ALL
    SELECT Version AS NewGrainStateVersion FROM inserted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Clear (the default, DeleteStateOnClear = false): drop the payload, keep the row and bump the
-- version. Orleans reads the first column of the single row as the new ETag; no row = conflict.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ClearStorageKey', $q$
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        Version = Version + 1,
        ModifiedOn = now()
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Delete (only used with DeleteStateOnClear = true): remove the row if it is still at the ETag.
-- Orleans needs a non-empty value that differs from the old ETag to accept it, hence Version + 1.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
    WHERE ServiceId = @ServiceId
      AND GrainTypeHash = @GrainTypeHash
      AND GrainIdHash = @GrainIdHash
      AND GrainTypeString = @GrainTypeString
      AND GrainIdN0 = @GrainIdN0
      AND GrainIdN1 = @GrainIdN1
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

------------------------------------------------------------------------------------------------
-- Reminders
------------------------------------------------------------------------------------------------

-- Period is in milliseconds. GrainHash is Orleans' uniform hash of the grain id, stored as a
-- signed 32-bit value: the provider passes hashes cast to int and picks the range query by
-- comparing them signed, so the stored values must be signed as well.
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL,
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL,
    Period       bigint      NOT NULL,
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo's reminder service loads the reminders whose grain hash falls in its ring range.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

-- Every reminder query returns GrainId, ReminderName, StartTime, Period and Version by name.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId = @GrainId
      AND ReminderName = @ReminderName;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- A silo owns the ring range (BeginHash, EndHash]. Orleans uses this query when BeginHash < EndHash
-- (compared as signed ints), i.e. the range does not wrap around.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- ...and this one otherwise: the range wraps past the end of the ring. BeginHash = EndHash means
-- the whole ring (a single silo), which the OR also covers.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Register or update: Orleans expects the row's new Version (its ETag) back as one row.
-- @Period arrives as int or bigint depending on its size; the column is bigint either way.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = EXCLUDED.StartTime,
        Period = EXCLUDED.Period,
        GrainHash = EXCLUDED.GrainHash,
        Version = r.Version + 1
    RETURNING r.Version AS Version;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Unregister: only at the ETag the caller holds. Orleans reads one row with one boolean column.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId = @ServiceId
          AND GrainId = @GrainId
          AND ReminderName = @ReminderName
          AND Version = @Version
        RETURNING 1
    )
    SELECT count(*) > 0 FROM deleted;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;

-- Used by Orleans' test hooks to wipe one service's reminders.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES ('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId;
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
