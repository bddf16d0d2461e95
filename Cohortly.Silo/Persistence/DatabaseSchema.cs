using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cohortly.Silo.Persistence;

/// <summary>
/// Creates the tables and stored queries that Orleans' ADO.NET providers need, on every start.
/// Both scripts are idempotent, so running them again (or from several silos at once) is harmless,
/// and a newer build replaces the query texts an older build stored.
/// </summary>
public static class DatabaseSchema
{
    /// <summary>
    /// The invariant Orleans accepts for SQLite. Orleans 10.4 maps it to Microsoft.Data.Sqlite's
    /// factory; the seemingly right name "Microsoft.Data.Sqlite" fails at silo start.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    public const string PostgreSqlInvariant = "Npgsql";

    // Matches the default manifest names of <EmbeddedResource Include="Persistence\Sql\*.sql" />
    // under RootNamespace Cohortly.Silo.
    private const string SqliteScriptResource = "Cohortly.Silo.Persistence.Sql.sqlite.sql";
    private const string PostgreSqlScriptResource = "Cohortly.Silo.Persistence.Sql.postgresql.sql";

    // Any constant works as long as nothing else in the database uses it; these are the ASCII
    // bytes of "Cohortly", which makes the lock easy to recognise in pg_locks.
    private const long PostgreSqlSchemaLockKey = 0x436F686F72746C79;

    /// <summary>
    /// Registers both providers under Orleans' invariant names with <see cref="DbProviderFactories"/>.
    /// </summary>
    /// <remarks>
    /// Orleans 10.4 itself does not need this: it loads the provider assembly by name. Registering
    /// keeps the invariants resolvable for any other ADO.NET code and, by naming both factory types,
    /// keeps a hard reference to both provider assemblies so they are always deployed with the host.
    /// Safe to call more than once.
    /// </remarks>
    public static void RegisterProviders()
    {
        DbProviderFactories.RegisterFactory(SqliteInvariant, SqliteFactory.Instance);
        DbProviderFactories.RegisterFactory(PostgreSqlInvariant, NpgsqlFactory.Instance);
    }

    /// <summary>Creates or updates the SQLite schema (grain storage and reminders) in the file the connection string names.</summary>
    public static async Task EnsureSqliteAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var script = await ReadScriptAsync(SqliteScriptResource, cancellationToken);

        // SQLite creates a missing file but not a missing folder, and the data directory may be new.
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!string.IsNullOrEmpty(dataSource) && dataSource != ":memory:" && !dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);

        // WAL lets readers (grain activations loading state) run while a writer commits, instead of
        // queueing behind it. It is a property of the file, so setting it once here covers every
        // pooled connection Orleans opens later; it cannot be changed inside a transaction.
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        // One immediate transaction: the schema appears whole or not at all, and a second process
        // opening the same file waits (up to the connection's Default Timeout) rather than interleaving.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = script;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Query texts the SQLite script stored in <c>OrleansQuery</c>, by key: Cohortly's own SQLite storage and reminder
    /// writes run the very texts Orleans' ADO.NET providers run, so both write the same rows.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadSqliteQueriesAsync(string connectionString, params string[] keys)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT QueryKey, QueryText FROM OrleansQuery";
        var texts = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                texts[reader.GetString(0)] = reader.GetString(1);
            }
        }
        var missing = keys.Where(key => !texts.ContainsKey(key)).ToList();
        return missing.Count == 0
            ? texts
            : throw new InvalidOperationException($"OrleansQuery has no {string.Join(", ", missing)}: the SQLite schema was not created by this build.");
    }

    /// <summary>Creates or updates the PostgreSQL schema (clustering, grain storage and reminders) in an existing database.</summary>
    public static async Task EnsurePostgreSqlAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var script = await ReadScriptAsync(PostgreSqlScriptResource, cancellationToken);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Silos starting together would otherwise race on CREATE TABLE IF NOT EXISTS, which can still
        // fail with a duplicate key in the system catalogs. The lock is released by commit or rollback,
        // so a crashed migration never leaves it held.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", PostgreSqlSchemaLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(script, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task<string> ReadScriptAsync(string resourceName, CancellationToken cancellationToken)
    {
        var assembly = typeof(DatabaseSchema).Assembly;
        await using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Embedded SQL script '{resourceName}' not found in {assembly.GetName().Name}; it has: "
                + string.Join(", ", assembly.GetManifestResourceNames()));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
