using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Cohortly.Silo.Persistence;

/// <summary>
/// Grain state in the embedded SQLite file, written through the <see cref="SqliteGroupCommit"/>. The rows are those
/// Orleans' ADO.NET provider reads and writes: the same <c>OrleansStorage</c> table, the same keys and hashes (its own
/// <see cref="OrleansDefaultHasher"/>, the key split it uses), the same payload (Orleans' grain-storage serializer) and
/// version, by the query texts <c>Sql/sqlite.sql</c> stores in <c>OrleansQuery</c>. So a data directory written before
/// this class existed reads back unchanged, and one written by it would still open with the ADO.NET provider.
/// </summary>
/// <remarks>
/// Reads go straight to the file on a pooled connection: under WAL they never wait for the writer, and a grain reads
/// its state only after every write it was told had committed.
/// </remarks>
public sealed class SqliteGrainStorage(
    string providerName,
    string serviceId,
    string connectionString,
    SqliteGroupCommit commit,
    IGrainStorageSerializer serializer,
    IActivatorProvider activators) : IGrainStorage
{
    private static readonly IHasher Hasher = new OrleansDefaultHasher();
    private readonly Lazy<Task<StorageQueries>> _queries = new(() => StorageQueries.LoadAsync(connectionString));

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var queries = await _queries.Value;
        var key = new StorageKey(serviceId, stateName, grainId);
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = queries.Read;
        key.AddTo(command);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var payload = reader.IsDBNull(reader.GetOrdinal("PayloadBinary")) ? null : (byte[])reader["PayloadBinary"];
        // A cleared state keeps its row (and version) with no payload: the record exists, its state is new.
        grainState.State = payload is null ? activators.GetActivator<T>().Create() : serializer.Deserialize<T>(new BinaryData(payload));
        grainState.ETag = reader.GetInt32(reader.GetOrdinal("Version")).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var queries = await _queries.Value;
        var key = new StorageKey(serviceId, stateName, grainId);
        var version = Version(grainState.ETag);
        // Serialized on the caller's thread: the writer's thread only runs statements.
        var payload = serializer.Serialize(grainState.State).ToArray();
        var stored = await commit.WriteAsync(statements =>
        {
            var command = statements.Command(queries.Write);
            key.AddTo(command);
            command.Parameters.AddWithValue("@GrainStateVersion", (object?)version ?? DBNull.Value);
            command.Parameters.AddWithValue("@PayloadBinary", payload);
            return NewVersion(command);
        });
        grainState.ETag = CheckVersion("WriteState", stateName, grainId, grainState.ETag, stored);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // As the ADO.NET provider does: a state never stored, or never read, is looked up first; nothing stored, nothing to clear.
        if (!grainState.RecordExists)
        {
            await ReadStateAsync(stateName, grainId, grainState);
            if (!grainState.RecordExists)
            {
                return;
            }
        }
        var queries = await _queries.Value;
        var key = new StorageKey(serviceId, stateName, grainId);
        var version = Version(grainState.ETag);
        var stored = await commit.WriteAsync(statements =>
        {
            var command = statements.Command(queries.Clear);
            key.AddTo(command);
            command.Parameters.AddWithValue("@GrainStateVersion", (object?)version ?? DBNull.Value);
            return NewVersion(command);
        });
        grainState.ETag = CheckVersion("ClearState", stateName, grainId, grainState.ETag, stored);
        grainState.RecordExists = false;
        grainState.State = activators.GetActivator<T>().Create();
    }

    private static int? Version(string? etag) =>
        string.IsNullOrWhiteSpace(etag) ? null : int.Parse(etag, CultureInfo.InvariantCulture);

    /// <summary>The new version a write or clear returned; none means its ETag test failed (someone else wrote first).</summary>
    private static string? NewVersion(SqliteCommand command)
    {
        // The write query is an UPDATE and an INSERT, each returning a row only if it acted: look at every result set.
        using var reader = command.ExecuteReader();
        string? version = null;
        do
        {
            while (reader.Read())
            {
                version ??= reader.IsDBNull(0) ? null : reader.GetInt32(0).ToString(CultureInfo.InvariantCulture);
            }
        }
        while (reader.NextResult());
        return version;
    }

    /// <summary>Only this caller hears a conflict: the writes committed with it are not affected.</summary>
    private string CheckVersion(string operation, string stateName, GrainId grainId, string? held, string? stored)
    {
        if (stored is null || stored == held)
        {
            throw new InconsistentStateException(
                $"Version conflict ({operation}): ServiceId={serviceId} ProviderName={providerName} GrainType={stateName} GrainId={grainId} ETag={held}.");
        }
        return stored;
    }

    /// <summary>A grain's row key, split and hashed exactly as Orleans' ADO.NET grain storage does it.</summary>
    private readonly struct StorageKey
    {
        private readonly string _serviceId;
        private readonly string _stateName;
        private readonly long _n0;
        private readonly long _n1;
        private readonly string? _extension;
        private readonly int _idHash;
        private readonly int _typeHash;

        public StorageKey(string serviceId, string stateName, GrainId grainId)
        {
            _serviceId = serviceId;
            // The provider strips generic arguments from the name it is given; Cohortly's state names have none.
            _stateName = stateName;
            byte[] hashed;
            if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
            {
                var bytes = guid.ToByteArray();
                _n0 = BitConverter.ToInt64(bytes, 0);
                _n1 = BitConverter.ToInt64(bytes, 8);
                _extension = guidExtension;
                hashed = WithExtension(bytes, guidExtension);
            }
            else if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
            {
                _n1 = integer;
                _extension = integerExtension;
                hashed = WithExtension(BitConverter.GetBytes(integer), integerExtension);
            }
            else
            {
                _extension = grainId.Key.ToString();
                hashed = Encoding.UTF8.GetBytes(_extension);
            }
            // The provider hashes the key bytes reversed on little-endian machines (all of ours).
            if (BitConverter.IsLittleEndian)
            {
                Array.Reverse(hashed);
            }
            _idHash = Hasher.Hash(hashed);
            _typeHash = Hasher.Hash(Encoding.UTF8.GetBytes(stateName));
        }

        private static byte[] WithExtension(byte[] key, string? extension) =>
            extension is null ? key : [.. key, .. Encoding.UTF8.GetBytes(extension)];

        public void AddTo(SqliteCommand command)
        {
            command.Parameters.AddWithValue("@ServiceId", _serviceId);
            command.Parameters.AddWithValue("@GrainTypeString", _stateName);
            command.Parameters.AddWithValue("@GrainTypeHash", _typeHash);
            command.Parameters.AddWithValue("@GrainIdHash", _idHash);
            command.Parameters.AddWithValue("@GrainIdN0", _n0);
            command.Parameters.AddWithValue("@GrainIdN1", _n1);
            command.Parameters.AddWithValue("@GrainIdExtensionString", (object?)_extension ?? DBNull.Value);
        }
    }

    /// <summary>The storage queries <c>Sql/sqlite.sql</c> keeps in <c>OrleansQuery</c>: one text, whichever provider runs it.</summary>
    private sealed record StorageQueries(string Read, string Write, string Clear)
    {
        public static async Task<StorageQueries> LoadAsync(string connectionString)
        {
            var texts = await DatabaseSchema.ReadSqliteQueriesAsync(connectionString, "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey");
            return new StorageQueries(texts["ReadFromStorageKey"], texts["WriteToStorageKey"], texts["ClearStorageKey"]);
        }
    }
}
