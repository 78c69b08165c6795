using System.Data.Common;
using System.Globalization;

namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// The one implementation of <see cref="IShareStore"/> over ADO.NET that SQLite and PostgreSQL share: the same
/// statements (parameters as <c>@name</c>, which both providers take), one connection used by one operation at a time,
/// each change and its audit record in one transaction. A subclass gives the schema and says which exceptions mean a
/// full device or a failed database; anything else is a bug and propagates.
/// </summary>
public abstract partial class SqlShareStore : IShareStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DbConnection _connection;
    private readonly TimeProvider _time;
    private readonly long _maxShareBytes;
    private ShareAuditRecord? _head;
    private bool _disposed;

    /// <summary>Takes ownership of an open <paramref name="connection"/> whose schema is already in place.</summary>
    /// <param name="connection">The database.</param>
    /// <param name="time">The clock of audit records and share timestamps.</param>
    /// <param name="maxShareBytes">The largest share accepted, in bytes.</param>
    protected SqlShareStore(DbConnection connection, TimeProvider time, long maxShareBytes)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxShareBytes);
        _connection = connection;
        _time = time;
        _maxShareBytes = maxShareBytes;
    }

    /// <summary>Reads the newest audit record; call once, after the schema exists, before the store is used.</summary>
    protected async Task LoadHeadAsync()
    {
        await using DbCommand command = Command(AuditSelect + " ORDER BY seq DESC LIMIT 1;");
        await using DbDataReader reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        _head = await reader.ReadAsync().ConfigureAwait(false) ? ReadAudit(reader) : null;
    }

    /// <summary>The failure <paramref name="exception"/> stands for, or null when it is not a database failure (a bug: rethrown).</summary>
    protected abstract ShareStoreError? Classify(Exception exception);

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> PutAsync(ShareId id, string owner, ReadOnlyMemory<byte> data, ShareAuditEvent audit, CancellationToken cancellationToken = default)
    {
        int at = 0;
        return PutAsync(id, owner, data.Length, _ =>
        {
            ReadOnlyMemory<byte> next = data.Slice(at, Math.Min(ChunkBytes, data.Length - at));
            at += next.Length;
            return ValueTask.FromResult(next.IsEmpty ? ShareChunk.End : ShareChunk.Of(next));
        }, audit, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> PutAsync(ShareId id, string owner, long length, ShareChunkSource source, ShareAuditEvent audit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(source);
        if (length < 0 || length > _maxShareBytes)
        {
            return Task.FromResult(Result<ShareInfo, ShareStoreFailure>.Fail(new ShareStoreFailure(ShareStoreError.TooLarge, $"the share is {length} bytes; this server takes at most {_maxShareBytes}.")));
        }

        return ChangeAsync<ShareInfo>(audit, async (transaction, now) =>
        {
            if (await ReadInfoAsync(id, transaction).ConfigureAwait(false) is not null)
            {
                return new ShareStoreFailure(ShareStoreError.AlreadyExists, $"share {id} already exists.");
            }

            await using DbCommand insert = Command(
                "INSERT INTO shares(id, owner, version, length, updated_at) VALUES (@id, @owner, 1, @length, @at);", transaction);
            Add(insert, "id", id.Value);
            Add(insert, "owner", owner);
            Add(insert, "length", length);
            Add(insert, "at", now.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            string? problem = await WriteChunksAsync(id, length, source, transaction, cancellationToken).ConfigureAwait(false);
            return problem is null
                ? new ShareInfo(id, owner, 1, length, now)
                : new ShareStoreFailure(ShareStoreError.Rejected, problem);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Result<StoredShare, ShareStoreFailure>> GetAsync(ShareId id, CancellationToken cancellationToken = default)
    {
        Result<ShareInfo, ShareStoreFailure> info = await GetInfoAsync(id, cancellationToken).ConfigureAwait(false);
        if (!info.IsSuccess)
        {
            return info.Cast<StoredShare>();
        }

        byte[] data = GC.AllocateUninitializedArray<byte>(checked((int)info.Value.LengthBytes));
        int at = 0;
        Result<ShareInfo, ShareStoreFailure> read = await ReadAsync(id, info.Value.Version, (chunk, _) =>
        {
            chunk.Span.CopyTo(data.AsSpan(at));
            at += chunk.Length;
            return ValueTask.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        if (!read.IsSuccess)
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(data);
            return read.Cast<StoredShare>();
        }

        return new StoredShare(read.Value, data);
    }

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> ReadAsync(ShareId id, long version, ShareChunkSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return ReadAsync<ShareInfo>(async () =>
        {
            if (await ReadInfoAsync(id, null).ConfigureAwait(false) is not { } info)
            {
                return NotFound(id);
            }

            if (info.Version != version)
            {
                return new ShareStoreFailure(ShareStoreError.VersionMismatch, $"share {id} is at version {info.Version}, not {version}.");
            }

            long total = await ReadChunksAsync(id, sink, cancellationToken).ConfigureAwait(false);
            return total == info.LengthBytes
                ? info
                : new ShareStoreFailure(ShareStoreError.StorageFailure, $"share {id} holds {total} of its {info.LengthBytes} bytes; the store is damaged.");
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> GetInfoAsync(ShareId id, CancellationToken cancellationToken = default) => ReadAsync(async () =>
        await ReadInfoAsync(id, null).ConfigureAwait(false) is { } info ? Result<ShareInfo, ShareStoreFailure>.Ok(info) : NotFound(id), cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ShareInfo>, ShareStoreFailure>> ListAsync(string owner, CancellationToken cancellationToken = default) => ReadAsync(async () =>
    {
        await using DbCommand select = Command("SELECT id, owner, version, length, updated_at FROM shares WHERE owner = @owner ORDER BY id;");
        Add(select, "owner", owner);
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<ShareInfo>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(ReadInfo(reader));
        }

        return Result<IReadOnlyList<ShareInfo>, ShareStoreFailure>.Ok(list);
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> ReplaceAsync(ShareId id, long expectedVersion, ReadOnlyMemory<byte> data, ShareAuditEvent audit, CancellationToken cancellationToken = default) =>
        ChangeAsync<ShareInfo>(audit, async (transaction, now) =>
        {
            if (await ReadInfoAsync(id, transaction).ConfigureAwait(false) is not { } info)
            {
                return NotFound(id);
            }

            if (info.Version != expectedVersion)
            {
                return new ShareStoreFailure(ShareStoreError.VersionMismatch, $"share {id} is at version {info.Version}, not {expectedVersion}.");
            }

            if (info.LengthBytes != data.Length)
            {
                return new ShareStoreFailure(ShareStoreError.VersionMismatch, $"share {id} is {info.LengthBytes} bytes; a refresh cannot change that to {data.Length}.");
            }

            await using DbCommand update = Command("UPDATE shares SET version = @next, updated_at = @at WHERE id = @id AND version = @version;", transaction);
            Add(update, "next", expectedVersion + 1);
            Add(update, "at", now.ToUnixTimeMilliseconds());
            Add(update, "id", id.Value);
            Add(update, "version", expectedVersion);
            await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await DeleteChunksAsync(id, transaction).ConfigureAwait(false);
            int at = 0;
            string? problem = await WriteChunksAsync(id, data.Length, _ =>
            {
                ReadOnlyMemory<byte> next = data.Slice(at, Math.Min(ChunkBytes, data.Length - at));
                at += next.Length;
                return ValueTask.FromResult(next.IsEmpty ? ShareChunk.End : ShareChunk.Of(next));
            }, transaction, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                return new ShareStoreFailure(ShareStoreError.Rejected, problem);
            }
            return info with { Version = expectedVersion + 1, UpdatedAt = now };
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<ShareInfo, ShareStoreFailure>> DeleteAsync(ShareId id, ShareAuditEvent audit, CancellationToken cancellationToken = default) =>
        ChangeAsync<ShareInfo>(audit, async (transaction, _) =>
        {
            if (await ReadInfoAsync(id, transaction).ConfigureAwait(false) is not { } info)
            {
                return NotFound(id);
            }

            await DeleteChunksAsync(id, transaction).ConfigureAwait(false);
            await using DbCommand delete = Command("DELETE FROM shares WHERE id = @id;", transaction);
            Add(delete, "id", id.Value);
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return info;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<Result<ShareAuditRecord, ShareStoreFailure>> AppendAuditAsync(ShareAuditEvent audit, CancellationToken cancellationToken = default)
    {
        ShareAuditRecord? written = null;
        Result<bool, ShareStoreFailure> result = await ChangeAsync(audit, (_, _) => Task.FromResult(Result<bool, ShareStoreFailure>.Ok(true)), cancellationToken, r => written = r).ConfigureAwait(false);
        return result.IsSuccess ? Result<ShareAuditRecord, ShareStoreFailure>.Ok(written!) : result.Cast<ShareAuditRecord>();
    }

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<ShareAuditRecord>, ShareStoreFailure>> ReadAuditAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) => ReadAsync(async () =>
    {
        await using DbCommand select = Command(AuditSelect + " WHERE seq > @after ORDER BY seq LIMIT @limit;");
        Add(select, "after", afterSequence);
        Add(select, "limit", (long)Math.Clamp(limit, 0, 100_000));
        await using DbDataReader reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<ShareAuditRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(ReadAudit(reader));
        }

        return Result<IReadOnlyList<ShareAuditRecord>, ShareStoreFailure>.Ok(records);
    }, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await _connection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        GC.SuppressFinalize(this);
    }

    private const string AuditSelect = "SELECT seq, at, caller, role, action, target, allowed, outcome, prev_hash, hash FROM audit";

    private async Task<Result<T, ShareStoreFailure>> ChangeAsync<T>(ShareAuditEvent audit, Func<DbTransaction, DateTimeOffset, Task<Result<T, ShareStoreFailure>>> change, CancellationToken cancellationToken,
        Action<ShareAuditRecord>? written = null)
    {
        ArgumentNullException.ThrowIfNull(audit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            DateTimeOffset now = _time.GetUtcNow();
            await using DbTransaction transaction = await _connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await transaction.SaveAsync("change", CancellationToken.None).ConfigureAwait(false);
                Result<T, ShareStoreFailure> result = await change(transaction, now).ConfigureAwait(false);
                if (result.Error?.Code == ShareStoreError.Rejected)
                {
                    // bytes that streamed in before the source failed are dropped; the refusal is still audited
                    await transaction.RollbackAsync("change", CancellationToken.None).ConfigureAwait(false);
                }

                // a refused change (not found, version mismatch) is still a request, audited with its reason
                ShareAuditEvent recorded = result.IsSuccess || !audit.Allowed ? audit : audit with { Outcome = $"{audit.Outcome}; refused: {result.Error!.Detail}" };
                ShareAuditRecord record = ShareAuditChain.Next(_head, now, recorded);
                await InsertAuditAsync(record, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                _head = record;
                written?.Invoke(record);
                return result;
            }
            catch (Exception e) when (Classify(e) is { } error)
            {
                await TryRollbackAsync(transaction).ConfigureAwait(false);
                return new ShareStoreFailure(error, error switch
                {
                    ShareStoreError.Full => "the server's storage is full; nothing was stored.",
                    ShareStoreError.TooLarge => "the share is larger than this server's database takes; nothing was stored.",
                    _ => "the server's database failed; nothing was changed.",
                });
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Result<T, ShareStoreFailure>> ReadAsync<T>(Func<Task<Result<T, ShareStoreFailure>>> read, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await read().ConfigureAwait(false);
        }
        catch (Exception e) when (Classify(e) is { } error)
        {
            return new ShareStoreFailure(error, "the server's database failed.");
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task TryRollbackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // the database already ended the transaction (a lost connection): nothing was committed
        }
        catch (DbException)
        {
            // same: a rollback that fails leaves the transaction uncommitted
        }
    }

    private async Task InsertAuditAsync(ShareAuditRecord record, DbTransaction transaction)
    {
        await using DbCommand insert = Command(
            "INSERT INTO audit(seq, at, caller, role, action, target, allowed, outcome, prev_hash, hash) VALUES (@seq, @at, @caller, @role, @action, @target, @allowed, @outcome, @prev, @hash);",
            transaction);
        Add(insert, "seq", record.Sequence);
        Add(insert, "at", record.At.ToUnixTimeMilliseconds());
        Add(insert, "caller", record.Event.Caller);
        Add(insert, "role", record.Event.Role);
        Add(insert, "action", record.Event.Action);
        Add(insert, "target", record.Event.Target);
        Add(insert, "allowed", record.Event.Allowed ? 1L : 0L);
        Add(insert, "outcome", record.Event.Outcome);
        Add(insert, "prev", record.PreviousHash);
        Add(insert, "hash", record.Hash);
        await insert.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<ShareInfo?> ReadInfoAsync(ShareId id, DbTransaction? transaction)
    {
        await using DbCommand select = Command("SELECT id, owner, version, length, updated_at FROM shares WHERE id = @id;", transaction);
        Add(select, "id", id.Value);
        await using DbDataReader reader = await select.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? ReadInfo(reader) : null;
    }

    private static ShareInfo ReadInfo(DbDataReader reader)
    {
        _ = ShareId.TryParse(reader.GetString(0), out ShareId id);
        return new ShareInfo(id, reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)));
    }

    private static ShareAuditRecord ReadAudit(DbDataReader reader) => new(
        reader.GetInt64(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        new ShareAuditEvent(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6) != 0, reader.GetString(7)),
        (byte[])reader.GetValue(8),
        (byte[])reader.GetValue(9));

    /// <summary>A command on this store's connection.</summary>
    protected DbCommand Command(string sql, DbTransaction? transaction = null)
    {
        DbCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        DbParameter parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static ShareStoreFailure NotFound(ShareId id) =>
        new(ShareStoreError.NotFound, string.Create(CultureInfo.InvariantCulture, $"no share {id} on this server."));
}
