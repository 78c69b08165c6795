using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdNet.Node.Hosting;
using QkdNet.Node.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet bench kme</c>: starts two KMEs as real processes on loopback (mutual TLS, HTTP/2), fills their
/// pools, then runs N concurrent SAE pairs doing enc_keys at A and the matching dec_keys at B for a fixed time.
/// Reports keys delivered per second (a key counts once both ends have it) and request latencies.
/// </summary>
internal static class BenchKmeCommand
{
    public static Command Create(TextWriter stdout)
    {
        var saes = new Option<int>("--saes") { Description = "Concurrent SAE pairs (1 to 256).", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "Measured duration (1 to 600 s).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--keys-per-request") { Description = "Keys per enc_keys request (1 to 1024).", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Key size in bits (a multiple of 8).", DefaultValueFactory = _ => 256 };
        var kme = new Command("kme", "Load benchmark of two KME processes: enc_keys + dec_keys over mutual TLS.");
        kme.Options.Add(saes);
        kme.Options.Add(seconds);
        kme.Options.Add(batch);
        kme.Options.Add(size);
        kme.SetAction(async (parse, cancellationToken) =>
        {
            int n = parse.GetValue(saes), perRequest = parse.GetValue(batch), bits = parse.GetValue(size);
            double duration = parse.GetValue(seconds);
            if (n is < 1 or > 256 || perRequest is < 1 or > 1024 || bits < 8 || bits % 8 != 0 || bits > 8192 || duration is < 1 or > 600)
            {
                throw new UsageException("--saes 1..256, --keys-per-request 1..1024, --size a multiple of 8 up to 8192, --seconds 1..600.");
            }

            await RunAsync(stdout, n, perRequest, bits, TimeSpan.FromSeconds(duration), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return kme;
    }

    private static async Task RunAsync(TextWriter stdout, int saes, int perRequest, int bits, TimeSpan duration, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-bench-kme-" + Guid.NewGuid().ToString("N"));
        string[] aSaes = [.. Enumerable.Range(0, saes).Select(i => "sae-a" + i.ToString(CultureInfo.InvariantCulture))];
        string[] bSaes = [.. Enumerable.Range(0, saes).Select(i => "sae-b" + i.ToString(CultureInfo.InvariantCulture))];
        // enough for 20,000 keys/s over the run, so the link never limits the measurement
        long needBits = (long)(20_000 * duration.TotalSeconds * bits);
        long high = Math.Max(needBits, 8L << 20);
        DevelopmentNetwork network = DevelopmentNetwork.Create(directory, aSaes, bSaes, highWatermarkBits: high, reservationLifetimeSeconds: 600);
        string cli = NodeProcess.CurrentCli();
        using NodeProcess a = NodeProcess.Start(cli, network.ConfigA);
        using NodeProcess b = NodeProcess.Start(cli, network.ConfigB);
        try
        {
            var fill = Stopwatch.StartNew();
            await WaitForKeysAsync(network, high / 256 * 95 / 100, cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pools filled ({high / 1_000_000.0:F1} Mbit each way) in {fill.Elapsed.TotalSeconds:F1} s; running {saes} SAE pairs for {duration.TotalSeconds:F0} s, {perRequest} keys of {bits} bits per request")).ConfigureAwait(false);

            var workers = new List<Task<WorkerResult>>();
            using var stop = new CancellationTokenSource(duration);
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < saes; i++)
            {
                HttpClient master = EtsiClients.ForName(network.UrlA, network.Pki, aSaes[i]);
                HttpClient slave = EtsiClients.ForName(network.UrlB, network.Pki, bSaes[i]);
                string masterSae = aSaes[i], slaveSae = bSaes[i];
                workers.Add(Task.Run(() => WorkAsync(master, slave, masterSae, slaveSae, perRequest, bits, stop.Token), CancellationToken.None));
            }

            WorkerResult[] results = await Task.WhenAll(workers).ConfigureAwait(false);
            double elapsed = clock.Elapsed.TotalSeconds;
            long delivered = results.Sum(r => r.Delivered);
            long[] enc = [.. results.SelectMany(r => r.EncTicks).Order()];
            long[] dec = [.. results.SelectMany(r => r.DecTicks).Order()];
            long[] pair = [.. results.SelectMany(r => r.PairTicks).Order()];
            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"keys delivered (enc_keys + matching dec_keys, {bits}-bit): {delivered} in {elapsed:F1} s = {delivered / elapsed:F0} keys/s");
            report.AppendLine(CultureInfo.InvariantCulture, $"enc_keys requests: {enc.Length}, p50 {Ms(enc, 0.50):F2} ms, p99 {Ms(enc, 0.99):F2} ms");
            report.AppendLine(CultureInfo.InvariantCulture, $"dec_keys requests: {dec.Length}, p50 {Ms(dec, 0.50):F2} ms, p99 {Ms(dec, 0.99):F2} ms");
            report.AppendLine(CultureInfo.InvariantCulture, $"enc+dec round: p50 {Ms(pair, 0.50):F2} ms, p99 {Ms(pair, 0.99):F2} ms");
            report.AppendLine(CultureInfo.InvariantCulture, $"failed requests: {results.Sum(r => r.Failures)}, mismatched keys: {results.Sum(r => r.Mismatches)}");
            await stdout.WriteAsync(report.ToString()).ConfigureAwait(false);
        }
        finally
        {
            a.KillHard();
            b.KillHard();
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

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency;

    private static async Task WaitForKeysAsync(DevelopmentNetwork network, long keys, CancellationToken cancellationToken)
    {
        using HttpClient master = EtsiClients.ForName(network.UrlA, network.Pki, "sae-a0");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            try
            {
                JsonElement status = await master.GetFromJsonAsync<JsonElement>("api/v1/keys/sae-b0/status", cancellationToken).ConfigureAwait(false);
                if (status.GetProperty("stored_key_count").GetInt64() >= keys)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException("The KMEs did not fill their pools within 5 minutes.");
    }

    private static async Task<WorkerResult> WorkAsync(HttpClient master, HttpClient slave, string masterSae, string slaveSae, int perRequest, int bits, CancellationToken stop)
    {
        var result = new WorkerResult();
        using (master)
        using (slave)
        {
            string encPath = $"api/v1/keys/{slaveSae}/enc_keys", decPath = $"api/v1/keys/{masterSae}/dec_keys";
            byte[] encBody = Encoding.UTF8.GetBytes($"{{\"number\":{perRequest},\"size\":{bits}}}");
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    long start = Stopwatch.GetTimestamp();
                    using var encContent = new ByteArrayContent(encBody);
                    encContent.Headers.ContentType = new("application/json");
                    using HttpResponseMessage enc = await master.PostAsync(encPath, encContent, CancellationToken.None).ConfigureAwait(false);
                    long encEnd = Stopwatch.GetTimestamp();
                    if (enc.StatusCode != HttpStatusCode.OK)
                    {
                        result.Failures++;
                        continue;
                    }

                    using JsonDocument keys = JsonDocument.Parse(await enc.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false));
                    var ids = new StringBuilder("{\"key_IDs\":[");
                    foreach (JsonElement key in keys.RootElement.GetProperty("keys").EnumerateArray())
                    {
                        ids.Append(ids[^1] == '[' ? string.Empty : ",").Append("{\"key_ID\":\"").Append(key.GetProperty("key_ID").GetString()).Append("\"}");
                    }

                    ids.Append("]}");
                    using var decContent = new StringContent(ids.ToString(), Encoding.UTF8, "application/json");
                    using HttpResponseMessage dec = await slave.PostAsync(decPath, decContent, CancellationToken.None).ConfigureAwait(false);
                    long decEnd = Stopwatch.GetTimestamp();
                    result.EncTicks.Add(encEnd - start);
                    if (dec.StatusCode != HttpStatusCode.OK)
                    {
                        result.Failures++;
                        continue;
                    }

                    using JsonDocument fetched = JsonDocument.Parse(await dec.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false));
                    result.DecTicks.Add(decEnd - encEnd);
                    result.PairTicks.Add(decEnd - start);
                    JsonElement.ArrayEnumerator mine = keys.RootElement.GetProperty("keys").EnumerateArray();
                    foreach (JsonElement theirs in fetched.RootElement.GetProperty("keys").EnumerateArray())
                    {
                        mine.MoveNext();
                        if (!theirs.GetProperty("key").ValueEquals(mine.Current.GetProperty("key").GetString()))
                        {
                            result.Mismatches++;
                        }

                        result.Delivered++;
                    }
                }
                catch (HttpRequestException)
                {
                    result.Failures++;
                }
            }
        }

        return result;
    }

    private sealed class WorkerResult
    {
        public List<long> EncTicks { get; } = [];

        public List<long> DecTicks { get; } = [];

        public List<long> PairTicks { get; } = [];

        public long Delivered { get; set; }

        public long Failures { get; set; }

        public long Mismatches { get; set; }
    }
}
