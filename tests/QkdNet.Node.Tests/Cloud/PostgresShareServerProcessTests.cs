using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using QkdNet.Cli;
using QkdNet.Development.Cloud;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Cloud;
using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Cloud;

/// <summary>Three real <c>qkdnet share-server</c> processes whose share stores are PostgreSQL schemas of one database.</summary>
[Trait("Category", "Process")]
public sealed class PostgresShareServerProcessTests : IDisposable
{
    private readonly string _prefix = $"qkdnet_shares_{Guid.NewGuid():N}";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-pg-cloud-" + Guid.NewGuid().ToString("N"));
    private CloudDevelopmentRun? _run;

    [PostgresFact]
    public async Task ShareServersOnPostgres_PutGetAndPassword_AndSharesAndPasswordRecordsLieInTheirSchemas_NoSqliteBeside()
    {
        string pki = Path.Combine(_directory, "pki");
        CloudDevelopmentSetup setup = CloudDevelopmentSetup.Create(_directory, 3, highWatermarkBits: 8L << 20, pbkdf2Iterations: SealSetup.MinPbkdf2Iterations,
            caKeyDirectory: TestCertificates.CaKeyFolder(pki));
        for (int i = 0; i < setup.ServerConfigs.Count; i++)
        {
            JsonObject config = JsonNode.Parse(File.ReadAllText(setup.ServerConfigs[i]))!.AsObject();
            config["store"] = new JsonObject
            {
                ["postgres"] = new JsonObject { ["connection_string"] = PostgresFactAttribute.ConnectionString, ["schema"] = $"{_prefix}_{i}" },
            };
            File.WriteAllText(setup.ServerConfigs[i], config.ToJsonString());
        }

        _run = await CloudDevelopmentRun.StartAsync(setup, CloudFixture.Cli, TimeSpan.FromMinutes(4));
        byte[] data = new byte[40_000];
        new Random(14).NextBytes(data); // content, not key: seeded
        string file = Path.Combine(_directory, "ledger.bin"), back = Path.Combine(_directory, "ledger.out");
        await File.WriteAllBytesAsync(file, data);

        (int code, string output, string error) = await CliAsync("cloud", "put", file, "--k", "2", "--n", "3", "--config", setup.ClientConfig, "--json");
        Assert.True(code == 0, error + _run.ServerOutput(0));
        string id = JsonDocument.Parse(output).RootElement.GetProperty("object_id").GetString()!;
        (code, _, error) = await CliAsync("cloud", "get", id, "--out", back, "--config", setup.ClientConfig);
        Assert.True(code == 0, error);
        Assert.Equal(data, await File.ReadAllBytesAsync(back));

        string password = Path.Combine(_directory, "password.txt");
        await File.WriteAllTextAsync(password, "correct horse battery staple");
        (code, _, error) = await CliAsync("cloud", "password", "--password-file", password, "--config", setup.ClientConfig);
        Assert.True(code == 0, error);

        await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
        await connection.OpenAsync();
        for (int i = 0; i < 3; i++)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {_prefix}_{i}.shares;", connection);
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 1, $"server {i} stored no share in its schema");
            await using var records = new NpgsqlCommand($"SELECT count(*) FROM {_prefix}_{i}.oprf_records;", connection);
            Assert.Equal(1L, (long)(await records.ExecuteScalarAsync())!);
        }

        // the password records went to PostgreSQL with the shares: no SQLite file was made beside the configuration
        Assert.Empty(Directory.GetFiles(_directory, "*.oprf.db", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        _run?.Dispose();
        if (_run is not null)
        {
            using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            connection.Open();
            using var drop = new NpgsqlCommand(string.Concat(Enumerable.Range(0, 3).Select(i => $"DROP SCHEMA IF EXISTS {_prefix}_{i} CASCADE; ")), connection);
            drop.ExecuteNonQuery();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a child still closing a file; the OS cleans the temp folder
        }
    }

    private static async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
