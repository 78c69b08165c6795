using System.Globalization;
using Microsoft.Data.Sqlite;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    /// <summary>
    /// What <see cref="Open"/> would meet at <paramref name="path"/>, found without creating a folder or a store: a folder that cannot
    /// be created, a store another process holds, a file that is not a store or has a newer schema. Null when
    /// <see cref="Open"/> should succeed; otherwise one line naming the problem.
    /// </summary>
    public static string? CheckOpen(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return $"the key store path {path} is a folder, not a file.";
        }

        try
        {
            return File.Exists(full) ? CheckExisting(path, full) : CheckCreatable(path, System.IO.Path.GetDirectoryName(full)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException)
        {
            return $"cannot open the key store {path}: {e.Message}";
        }
    }

    private static string? CheckExisting(string path, string full)
    {
        using (StoreFileLock.Acquire(full))
        {
            var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            long version = (long)command.ExecuteScalar()!;
            return version > SqliteKeyStorage.SchemaVersion
                ? string.Create(CultureInfo.InvariantCulture, $"the key store {path} has schema version {version}; this build knows up to {SqliteKeyStorage.SchemaVersion}.")
                : null;
        }
    }

    private static string? CheckCreatable(string path, string folder)
    {
        // the folders Open would create hang under the nearest one that exists, which must be a folder we may write in
        string? existing = folder;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"cannot create the key store {path}: {existing} is a file, not a folder.";
            }

            existing = System.IO.Path.GetDirectoryName(existing);
        }

        if (existing is null)
        {
            return $"cannot create the key store {path}: no folder of it exists.";
        }

        var probe = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.DeleteOnClose };
        using (new FileStream(System.IO.Path.Combine(existing, ".qkdnet-check-" + Guid.NewGuid().ToString("N")), probe))
        {
            return null;
        }
    }
}
