using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Cohortly.Silo.Persistence;

/// <summary>
/// The one writer of this silo's SQLite file: every grain-state and reminder write is queued here, and whatever queued
/// while the previous commit ran is committed together, in ONE transaction on one connection. Each caller still awaits
/// its own write: its task completes only after the transaction holding it has committed, with its own result (a
/// version conflict or a failed statement fails that caller alone, rolled back to its savepoint; the others commit).
/// </summary>
/// <remarks>
/// Before this, Orleans' ADO.NET provider ran each write in a transaction of its own behind a per-process lock
/// (<c>SqliteWriteGate</c>): an enrollment's four writes and its outbox reminder row each waited for a commit of their
/// own behind everyone else's, and the enroll benchmark ran at 0.0025-0.003x the bare baseline (0.0089x with this
/// class, benchmarks/README.md "Group commit on SQLite").
/// <para>
/// Durability: the file is in WAL mode and this connection commits with <c>synchronous = NORMAL</c>. A commit then
/// appends its pages to the WAL with write(2) and returns; the WAL is fsynced only when it is checkpointed into the
/// database. What write(2) returned sits in the operating system's page cache, which a crashed or killed process
/// (kill -9, the embedded crash test) does not take with it, so every acknowledged write survives a process crash.
/// Only a power loss or kernel crash can lose the last commits before a checkpoint; the file itself stays consistent
/// (WAL frames carry checksums and a torn tail is ignored). <c>FULL</c> would fsync the WAL on every commit: a few
/// milliseconds each on ordinary disks, for a guarantee the embedded mode (one machine, a dev or small-school install)
/// does not promise; a cluster keeps its state in PostgreSQL, whose commits are fsynced.
/// </para>
/// </remarks>
public sealed partial class SqliteGroupCommit : IAsyncDisposable
{
    /// <summary>Bounds one transaction, and so how long the file's write lock is held; 32 requests in flight queue far fewer.</summary>
    private const int MaxWritesPerCommit = 256;

    private readonly string _connectionString;
    private readonly ILogger<SqliteGroupCommit> _logger;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _writer;
    private readonly Dictionary<string, SqliteCommand> _commands = [];
    private SqliteConnection? _connection;

    public SqliteGroupCommit(string connectionString, ILogger<SqliteGroupCommit> logger)
    {
        _connectionString = connectionString;
        _logger = logger;
        // Started by the first write, on the thread pool: Microsoft.Data.Sqlite runs synchronously under its async API,
        // and a commit must not block a grain's scheduler.
        _writer = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
    }

    /// <summary>
    /// Runs <paramref name="write"/> inside the next group transaction and completes once that transaction has committed.
    /// The write gets this writer's connection and must only run statements on it; an exception it throws rolls back its
    /// own statements and fails this caller only.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteStatements, T> write)
    {
        var pending = new PendingWrite<T>(write);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), "The silo is stopping: SQLite writes are no longer accepted.");
        }
        _ = _writer.Value;
        return pending.Completion.Task;
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxWritesPerCommit && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }
            Commit(batch);
            batch.Clear();
        }
        _connection?.Dispose();
    }

    private void Commit(List<PendingWrite> batch)
    {
        try
        {
            var connection = OpenConnection();
            // IMMEDIATE: takes the write lock up front, so a second process on the file waits (Default Timeout) at the
            // start instead of failing half way through.
            using var transaction = connection.BeginTransaction(deferred: false);
            var statements = new SqliteStatements(this, transaction);
            foreach (var pending in batch)
            {
                // A savepoint per write: a failed statement takes back only that write's own changes.
                transaction.Save("write");
                try
                {
                    pending.Run(statements);
                    transaction.Release("write");
                }
                catch (Exception failure)
                {
                    transaction.Rollback("write");
                    transaction.Release("write");
                    pending.Fail(failure);
                }
            }
            transaction.Commit();
        }
        catch (Exception failure)
        {
            // The transaction did not commit (disk full, the file locked by another process past the timeout): nothing
            // of this batch is stored, so every caller hears it, and the next batch starts on a fresh connection.
            LogCommitFailed(failure, batch.Count);
            ResetConnection();
            foreach (var pending in batch)
            {
                pending.Fail(failure);
                pending.Complete();
            }
            return;
        }
        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }

    private SqliteConnection OpenConnection()
    {
        if (_connection is not null)
        {
            return _connection;
        }
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            // Per connection; see the remarks on this class for why NORMAL is durable enough under WAL.
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }
        return _connection = connection;
    }

    private void ResetConnection()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    /// <summary>One prepared command per statement text, kept for the connection's life: preparing costs more than running.</summary>
    private SqliteCommand Command(string text, SqliteTransaction transaction)
    {
        if (!_commands.TryGetValue(text, out var command))
        {
            command = _connection!.CreateCommand();
            command.CommandText = text;
            _commands[text] = command;
        }
        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            // Writes already queued still commit: their callers are waiting for them.
            await _writer.Value;
        }
        ResetConnection();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A SQLite group commit of {Writes} writes failed; none of them is stored")]
    private partial void LogCommitFailed(Exception failure, int writes);

    /// <summary>What a queued write may do: run statements on the writer's connection inside the group transaction.</summary>
    public sealed class SqliteStatements
    {
        private readonly SqliteGroupCommit _owner;
        private readonly SqliteTransaction _transaction;

        internal SqliteStatements(SqliteGroupCommit owner, SqliteTransaction transaction)
        {
            _owner = owner;
            _transaction = transaction;
        }

        /// <summary>A command for <paramref name="text"/> with no parameters yet, enlisted in the group transaction.</summary>
        public SqliteCommand Command(string text) => _owner.Command(text, _transaction);
    }

    private abstract class PendingWrite
    {
        public abstract void Run(SqliteStatements statements);

        public abstract void Fail(Exception failure);

        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<SqliteStatements, T> write) : PendingWrite
    {
        private T? _result;
        private Exception? _failure;

        // Continuations run elsewhere: the caller's grain turn must not run on the writer's thread.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteStatements statements) => _result = write(statements);

        // Held until the transaction's fate is known: a write that failed alone is reported with the others, after commit.
        public override void Fail(Exception failure) => _failure ??= failure;

        public override void Complete()
        {
            if (_failure is not null)
            {
                Completion.TrySetException(_failure);
            }
            else
            {
                Completion.TrySetResult(_result!);
            }
        }
    }
}
