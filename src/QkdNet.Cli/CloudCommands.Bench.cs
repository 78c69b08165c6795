using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using QkdNet.Development.Cloud;
using QkdNet.Node.Cloud;
using QkdNet.Node.Hosting;
using QkdNet.Services.Cloud.Client;

namespace QkdNet.Cli;

internal static partial class CloudCommands
{
    /// <summary>What <c>cloud bench --json</c> prints; property names become the JSON fields.</summary>
    internal sealed record BenchReport(
        long SizeBytes, int K, int N, double PutSeconds, double PutMbPerS, double GetSeconds, double GetMbPerS, bool GetWithServersDownOk,
        bool CorruptedShareDetected, string? LiarNamed, long KeyBitsUsed, string Protection, PhaseCpu PutCpuSeconds, PhaseCpu GetCpuSeconds, string WarmUp,
        string ShareServerRuntime);

    /// <summary>CPU seconds (user + system) one phase took in each kind of process: the profile behind a throughput figure.</summary>
    internal sealed record PhaseCpu(double Client, double Servers, double Kmes)
    {
        public double Total => Client + Servers + Kmes;

        public static PhaseCpu Between((TimeSpan Client, TimeSpan Servers, TimeSpan Kmes) before, (TimeSpan Client, TimeSpan Servers, TimeSpan Kmes) after) =>
            new((after.Client - before.Client).TotalSeconds, (after.Servers - before.Servers).TotalSeconds, (after.Kmes - before.Kmes).TotalSeconds);
    }

    /// <summary>Warm-up rounds before the timed put and get (see <see cref="RunBenchAsync"/>).</summary>
    private const int WarmUpRounds = 5;

    /// <summary>Bytes of each warm-up object: 16 segments of 1 MiB per share and round.</summary>
    private const int WarmUpBytes = 16 << 20;

    private static readonly TimeSpan WarmUpSettle = TimeSpan.FromMilliseconds(500);

    private static Command Bench(TextWriter stdout)
    {
        var size = new Option<string>("--size") { Description = "Object size: bytes, or with KB, MB, GB (10^3) or KiB, MiB, GiB (2^10).", DefaultValueFactory = _ => "100MB" };
        var k = new Option<int>("--k") { DefaultValueFactory = _ => 3, Description = "Threshold." };
        var n = new Option<int>("--n") { DefaultValueFactory = _ => 5, Description = "Shares (one server process each)." };
        var json = JsonOption();
        var command = new Command("bench", "With no set-up: start two KMEs and n share-server processes in a temporary folder; put, get, kill n-k servers and get, corrupt a share and get.")
        {
            size, k, n, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            long bytes = ParseSize(parse.GetValue(size)!);
            int threshold = parse.GetValue(k), shares = parse.GetValue(n);
            if (QkdNet.Primitives.SecretSharing.ShamirSharing.CheckParameters(threshold, shares) is { } problem)
            {
                throw new UsageException("bench: " + problem);
            }

            if (shares > 16)
            {
                throw new UsageException($"bench: at most 16 server processes on one machine (n = {shares}).");
            }

            BenchReport report = await RunBenchAsync(stdout, bytes, threshold, shares, !parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(parse.GetValue(json) ? Json.Serialize(report) : string.Create(CultureInfo.InvariantCulture,
                $"put {report.PutMbPerS:F1} MB/s ({report.PutCpuSeconds.Total:F2} CPU s), get {report.GetMbPerS:F1} MB/s ({report.GetCpuSeconds.Total:F2} CPU s) ({report.SizeBytes / 1e6:F1} MB, {report.K}-of-{report.N}, {report.Protection}); get with {report.N - report.K} servers down: {(report.GetWithServersDownOk ? "ok" : "FAILED")}; corrupted share detected: {(report.CorruptedShareDetected ? "yes, " + report.LiarNamed + " named" : "NO")}; QKD key used {report.KeyBitsUsed} bits")).ConfigureAwait(false);
            return report.GetWithServersDownOk && report.CorruptedShareDetected ? 0 : CliApp.Failed;
        });
        return command;
    }

    private static async Task<BenchReport> RunBenchAsync(TextWriter stdout, long bytes, int k, int n, bool verbose, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-cloud-bench-" + Guid.NewGuid().ToString("N"));
        CloudDevelopmentSetup setup = CloudDevelopmentSetup.Create(directory, n, highWatermarkBits: 16L << 20, maxShareBytes: Math.Max(bytes, 1 << 20));
        try
        {
            using CloudDevelopmentRun run = await CloudDevelopmentRun.StartAsync(setup, NodeProcess.CurrentCli(), TimeSpan.FromMinutes(3), cancellationToken).ConfigureAwait(false);
            Result<CloudClientSettings> settings = CloudClientConfigLoader.Load(setup.ClientConfig);
            using CloudSession session = CloudSession.Open(settings.Value).Value;
            CloudClient client = session.Client;
            byte[] data = new byte[bytes];
            RandomNumberGenerator.Fill(data);
            await Say(stdout, verbose, $"{n} share servers and 2 KMEs up in {directory}; putting {bytes / 1e6:F1} MB").ConfigureAwait(false);

            // warm-up, not timed: a server that runs for months is warm, so the figures are of warm processes. Rounds of a
            // bulk object (past the one-time-pad limit: the AES-GCM, chunked path) put, got and deleted, with a pause after
            // each: the runtime counts a method's calls only once no new method has been compiled for 100 ms, promotes it
            // after 30 (16 segments of 1 MiB per share and round), and compiles in the background; with tiered PGO a hot
            // method goes through an instrumented tier first. So the JIT is paid here, not in the timed put and get.
            for (int round = 0; round < WarmUpRounds; round++)
            {
                Result<PutReport> warm = await client.PutAsync("warm-up", new byte[WarmUpBytes], k, n, cancellationToken: cancellationToken).ConfigureAwait(false);
                Expect(warm.IsSuccess, warm.Error);
                Expect((await client.GetAsync(warm.Value.ObjectId, cancellationToken: cancellationToken).ConfigureAwait(false)).IsSuccess, "warm-up get failed");
                Expect((await client.DeleteAsync(warm.Value.ObjectId, cancellationToken: cancellationToken).ConfigureAwait(false)).IsSuccess, "warm-up delete failed");
                await Task.Delay(WarmUpSettle, cancellationToken).ConfigureAwait(false);
            }

            await Say(stdout, verbose, $"warm ({WarmUpRounds} x {WarmUpBytes >> 20} MiB put, get, rm); timing").ConfigureAwait(false);
            long keyBefore = client.KeyBitsUsed;

            (TimeSpan, TimeSpan, TimeSpan) Cpu() => (Process.GetCurrentProcess().TotalProcessorTime, run.ServersProcessorTime, run.KmesProcessorTime);
            var cpu0 = Cpu();
            var clock = Stopwatch.StartNew();
            Result<PutReport> put = await client.PutAsync("bench", data, k, n, cancellationToken: cancellationToken).ConfigureAwait(false);
            double putSeconds = clock.Elapsed.TotalSeconds;
            Expect(put.IsSuccess, put.Error);
            string id = put.Value.ObjectId;
            var cpu1 = Cpu();

            clock.Restart();
            Result<GetReport> got = await client.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            double getSeconds = clock.Elapsed.TotalSeconds;
            var cpu2 = Cpu();
            Expect(got.IsSuccess && CryptographicOperations.FixedTimeEquals(got.Value.Data, data), "get did not return the data: " + got.Error);
            await Say(stdout, verbose, string.Create(CultureInfo.InvariantCulture, $"put {putSeconds:F2} s, get {getSeconds:F2} s; killing {n - k} servers")).ConfigureAwait(false);

            for (int i = 0; i < n - k; i++)
            {
                run.KillServer(i);
            }

            Result<GetReport> degraded = await client.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            bool downOk = degraded.IsSuccess && CryptographicOperations.FixedTimeEquals(degraded.Value.Data, data);

            // restart them, then flip one byte of the first server's share in its database, behind the server's back
            for (int i = 0; i < n - k; i++)
            {
                run.StartServer(i);
                await run.WaitForServerAsync(i, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
            }

            await CorruptAsync(Path.Combine(directory, setup.ServerNames[0] + "-shares.db"), client.Map.Find(id)!.Shares[0].ShareId).ConfigureAwait(false);
            Result<GetReport> checkedGet = await client.GetAsync(id, cancellationToken: cancellationToken).ConfigureAwait(false);
            string? liar = checkedGet.IsSuccess ? checkedGet.Value.Answers.FirstOrDefault(a => a.Verdict == ShareVerdict.Lied)?.Server : null;
            bool detected = checkedGet.IsSuccess && liar == setup.ServerNames[0] && CryptographicOperations.FixedTimeEquals(checkedGet.Value.Data, data);
            string protection = QkdNet.Services.Cloud.Transport.ShareProtectionPlan.For(bytes, session.Settings.Protection).Header;
            return new BenchReport(bytes, k, n, putSeconds, bytes / 1e6 / putSeconds, getSeconds, bytes / 1e6 / getSeconds, downOk, detected, liar,
                client.KeyBitsUsed - keyBefore, protection, PhaseCpu.Between(cpu0, cpu1), PhaseCpu.Between(cpu1, cpu2),
                string.Create(CultureInfo.InvariantCulture, $"{WarmUpRounds} x ({WarmUpBytes >> 20} MiB put, get, rm, {WarmUpSettle.TotalMilliseconds:F0} ms pause), not timed"),
                string.Join(' ', CloudDevelopmentRun.ShareServerEnvironment.Select(e => e.Key + "=" + e.Value)));
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // the OS cleans the temp folder
            }
        }
    }

    private static async Task CorruptAsync(string database, string shareId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using (SqliteCommand wait = connection.CreateCommand())
        {
            wait.CommandText = "PRAGMA busy_timeout=10000;";
            await wait.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // the share's middle row (SqlShareStore keeps a share as rows of share_chunks)
        await using SqliteCommand read = connection.CreateCommand();
        read.CommandText = "SELECT seq, data FROM share_chunks WHERE id = $id ORDER BY seq LIMIT 1 OFFSET (SELECT count(*) / 2 FROM share_chunks WHERE id = $id);";
        read.Parameters.AddWithValue("$id", shareId);
        long seq;
        byte[] chunk;
        await using (SqliteDataReader row = await read.ExecuteReaderAsync().ConfigureAwait(false))
        {
            Expect(await row.ReadAsync().ConfigureAwait(false), "the share to corrupt was not found");
            seq = row.GetInt64(0);
            chunk = (byte[])row.GetValue(1);
        }

        chunk[chunk.Length / 2] ^= 0x01;
        await using SqliteCommand write = connection.CreateCommand();
        write.CommandText = "UPDATE share_chunks SET data = $data WHERE id = $id AND seq = $seq;";
        write.Parameters.AddWithValue("$id", shareId);
        write.Parameters.AddWithValue("$seq", seq);
        write.Parameters.AddWithValue("$data", chunk);
        Expect(await write.ExecuteNonQueryAsync().ConfigureAwait(false) == 1, "the share to corrupt was not found");
    }

    private static async Task Say(TextWriter stdout, bool verbose, string line)
    {
        if (verbose)
        {
            await stdout.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static void Expect(bool condition, string? failure)
    {
        if (!condition)
        {
            throw new InvalidOperationException("cloud bench: " + failure);
        }
    }

    /// <summary>Bytes in "100MB", "64KiB", "1000" (decimal SI prefixes, binary IEC ones).</summary>
    internal static long ParseSize(string text)
    {
        (string suffix, long unit)[] units = [("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("B", 1)];
        foreach ((string suffix, long unit) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value * unit <= 900_000_000)
            {
                return (long)(value * unit);
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long plain) && plain is > 0 and <= 900_000_000
            ? plain
            : throw new UsageException($"bench: --size {text} is not a size from 1 byte to 900 MB (e.g. 100MB, 64KiB).");
    }
}
