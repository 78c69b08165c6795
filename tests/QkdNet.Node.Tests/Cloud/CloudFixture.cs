using Microsoft.Data.Sqlite;
using QkdNet.Development.Cloud;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Cloud;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Cloud;

/// <summary>One development cloud for a test class: two KME processes and five share-server processes on loopback.</summary>
public sealed class CloudFixture : IAsyncLifetime
{
    public static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");

    public CloudDevelopmentSetup Setup { get; private set; } = null!;

    public CloudDevelopmentRun Run { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "qkdnet-cloud-tests-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        string pki = Path.Combine(Directory, "pki");
        Setup = CloudDevelopmentSetup.Create(Directory, 5, highWatermarkBits: 8L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations, maxShareBytes: 8 << 20,
            caKeyDirectory: TestCertificates.CaKeyFolder(pki));
        Run = await CloudDevelopmentRun.StartAsync(Setup, Cli, TimeSpan.FromMinutes(4));
    }

    public Task DisposeAsync()
    {
        Run?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file; the OS cleans the temp folder
        }

        return Task.CompletedTask;
    }

    /// <summary>The database of server <paramref name="index"/>.</summary>
    public string Database(int index) => Path.Combine(Directory, Setup.ServerNames[index] + "-shares.db");

    /// <summary>The bytes of a share as server <paramref name="index"/> stores them, or null.</summary>
    public byte[]? ReadShare(int index, string shareId)
    {
        if ((long)Sql(index, "SELECT count(*) FROM shares WHERE id = $id;", shareId)! == 0)
        {
            return null;
        }

        using var connection = Open(index);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM share_chunks WHERE id = $id ORDER BY seq;";
        command.Parameters.AddWithValue("$id", shareId);
        using SqliteDataReader reader = command.ExecuteReader();
        var bytes = new List<byte>();
        while (reader.Read())
        {
            bytes.AddRange((byte[])reader.GetValue(0));
        }

        return [.. bytes];
    }

    /// <summary>Rows in server <paramref name="index"/>'s shares table.</summary>
    public long ShareCount(int index) => (long)Sql(index, "SELECT count(*) FROM shares;", null)!;

    /// <summary>Bytes of share data server <paramref name="index"/> holds, all shares together.</summary>
    public long StoredBytes(int index) => (long)Sql(index, "SELECT coalesce(sum(length(data)), 0) FROM share_chunks;", null)!;

    /// <summary>Overwrites a share's bytes behind the server's back (a compromised disk).</summary>
    public void WriteShare(int index, string shareId, byte[] data)
    {
        using var connection = Open(index);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "DELETE FROM share_chunks WHERE id = $id; INSERT INTO share_chunks(id, seq, data) VALUES ($id, 0, $data);";
        command.Parameters.AddWithValue("$id", shareId);
        command.Parameters.AddWithValue("$data", data);
        Assert.True(command.ExecuteNonQuery() >= 1);
    }

    private object? Sql(int index, string sql, string? id)
    {
        using var connection = Open(index);
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        if (id is not null)
        {
            command.Parameters.AddWithValue("$id", id);
        }

        return command.ExecuteScalar();
    }

    private SqliteConnection Open(int index)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database(index), Pooling = false }.ConnectionString);
        connection.Open();
        using SqliteCommand wait = connection.CreateCommand();
        wait.CommandText = "PRAGMA busy_timeout=10000;";
        wait.ExecuteNonQuery();
        return connection;
    }
}
