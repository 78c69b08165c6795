using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet bench kme</c>: starts two KMEs as real processes on loopback (mutual TLS, HTTP/2), fills their
/// pools, then runs N concurrent SAE pairs doing enc_keys at A and the matching dec_keys at B for a fixed time.
/// Reports keys delivered per second (a key counts once both ends have it) and request latencies.
/// Closed loop by default (each pair sends as soon as its last round ended); with <c>--rate</c>, open loop: the
/// pairs send on a fixed schedule that adds up to the offered rate and latency counts from the scheduled time.
/// </summary>
internal static partial class BenchKmeCommand
{
    public static Command Create(TextWriter stdout)
    {
        var saes = new Option<int>("--saes") { Description = "Concurrent SAE pairs (1 to 256).", DefaultValueFactory = _ => 64 };
        var seconds = new Option<double>("--seconds") { Description = "Measured duration (1 to 600 s).", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--keys-per-request") { Description = "Keys per enc_keys request (1 to 1024).", DefaultValueFactory = _ => 16 };
        var size = new Option<int>("--size") { Description = "Key size in bits (a multiple of 8).", DefaultValueFactory = _ => 256 };
        var warmup = new Option<double>("--warmup") { Description = "Unmeasured load first, same shape (0 to 120 s), so JIT tiering and connection set-up are not counted.", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: rates, latency percentiles and each KME process's CPU per delivered key." };
        var rate = new Option<double>("--rate") { Description = "Open loop: offered keys per second over all pairs (0: closed loop, each pair as fast as it can).", DefaultValueFactory = _ => 0 };
        var kme = new Command("kme", "Load benchmark of two KME processes: enc_keys + dec_keys over mutual TLS.");
        kme.Options.Add(saes);
        kme.Options.Add(seconds);
        kme.Options.Add(batch);
        kme.Options.Add(size);
        kme.Options.Add(rate);
        kme.Options.Add(warmup);
        kme.Options.Add(json);
        kme.SetAction(async (parse, cancellationToken) =>
        {
            int n = parse.GetValue(saes), perRequest = parse.GetValue(batch), bits = parse.GetValue(size);
            double duration = parse.GetValue(seconds), keysPerSecond = parse.GetValue(rate), warm = parse.GetValue(warmup);
            if (n is < 1 or > 256 || perRequest is < 1 or > 1024 || bits < 8 || bits % 8 != 0 || bits > 8192 || duration is < 1 or > 600 || keysPerSecond is < 0 or > 1_000_000 || warm is < 0 or > 120)
            {
                throw new UsageException("--saes 1..256, --keys-per-request 1..1024, --size a multiple of 8 up to 8192, --seconds 1..600, --rate 0..1000000, --warmup 0..120.");
            }

            await RunAsync(stdout, new LoadShape(n, perRequest, bits, TimeSpan.FromSeconds(duration), keysPerSecond), TimeSpan.FromSeconds(warm), parse.GetValue(json), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return kme;
    }

    private static async Task RunAsync(TextWriter stdout, LoadShape shape, TimeSpan warmup, bool json, CancellationToken cancellationToken)
    {
        string directory = Path.Combine(Path.GetTempPath(), "qkdnet-bench-kme-" + Guid.NewGuid().ToString("N"));
        string[] aSaes = [.. Enumerable.Range(0, shape.Saes).Select(i => "sae-a" + i.ToString(CultureInfo.InvariantCulture))];
        string[] bSaes = [.. Enumerable.Range(0, shape.Saes).Select(i => "sae-b" + i.ToString(CultureInfo.InvariantCulture))];
        // enough for 20,000 keys/s (or the offered rate, if higher) over the run, so the link never limits the measurement
        long needBits = (long)(Math.Max(20_000, shape.KeysPerSecond) * (shape.Duration + warmup).TotalSeconds * shape.Bits);
        long high = Math.Max(needBits, 8L << 20);
        DevelopmentNetwork network = DevelopmentNetwork.Create(directory, aSaes, bSaes, highWatermarkBits: high, reservationLifetimeSeconds: 600);
        string cli = NodeProcess.CurrentCli();
        using NodeProcess a = NodeProcess.Start(cli, network.ConfigA);
        using NodeProcess b = NodeProcess.Start(cli, network.ConfigB);
        var pairs = new List<SaePair>();
        try
        {
            var fill = Stopwatch.StartNew();
            await WaitForKeysAsync(network, high / 256 * 95 / 100, cancellationToken).ConfigureAwait(false);
            string mode = shape.KeysPerSecond > 0
                ? string.Create(CultureInfo.InvariantCulture, $"open loop at {shape.KeysPerSecond:F0} keys/s offered")
                : "closed loop";
            TextWriter progress = json ? TextWriter.Null : stdout;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pools filled ({high / 1_000_000.0:F1} Mbit each way) in {fill.Elapsed.TotalSeconds:F1} s; running {shape.Saes} SAE pairs for {shape.Duration.TotalSeconds:F0} s, {shape.PerRequest} keys of {shape.Bits} bits per request, {mode}")).ConfigureAwait(false);

            for (int i = 0; i < shape.Saes; i++)
            {
                pairs.Add(new SaePair(
                    EtsiClients.ForName(network.UrlA, network.Pki, aSaes[i], "A"), EtsiClients.ForName(network.UrlB, network.Pki, bSaes[i], "B"), aSaes[i], bSaes[i], shape.PerRequest, shape.Bits));
            }

            // one status call per client first, so TLS handshakes are not counted as request latency
            await Task.WhenAll(pairs.Select(p => p.WarmUpAsync(cancellationToken))).ConfigureAwait(false);
            if (warmup > TimeSpan.Zero)
            {
                LoadResult discarded = new();
                await LoadAsync(pairs, shape with { Duration = warmup }, discarded, Stopwatch.GetTimestamp()).ConfigureAwait(false);
                await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warm-up: {warmup.TotalSeconds:F0} s, {discarded.Delivered} keys (not counted)")).ConfigureAwait(false);
            }

            var result = new LoadResult();
            TimeSpan cpuA = a.TotalProcessorTime, cpuB = b.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            await LoadAsync(pairs, shape, result, start).ConfigureAwait(false);
            var cpu = new KmeCpu((a.TotalProcessorTime - cpuA).TotalSeconds, (b.TotalProcessorTime - cpuB).TotalSeconds, result.Delivered);
            await stdout.WriteAsync(json ? Json.Serialize(JsonReport(shape, result, start, cpu)) + Environment.NewLine : Report(shape, result, start) + cpu.ToText()).ConfigureAwait(false);
        }
        finally
        {
            foreach (SaePair pair in pairs)
            {
                pair.Dispose();
            }

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

    private static async Task LoadAsync(List<SaePair> pairs, LoadShape shape, LoadResult result, long start)
    {
        if (shape.KeysPerSecond > 0)
        {
            // each pair sends rate / (pairs * keys per request) rounds per second, the pairs' schedules staggered evenly
            long interval = (long)(Stopwatch.Frequency * shape.Saes * shape.PerRequest / shape.KeysPerSecond);
            long end = start + (long)(shape.Duration.TotalSeconds * Stopwatch.Frequency);
            await OpenLoopAsync(pairs, result, start, interval, end).ConfigureAwait(false);
        }
        else
        {
            using var stop = new CancellationTokenSource(shape.Duration);
            await Task.WhenAll(pairs.Select(p => Task.Run(() => ClosedLoopAsync(p, result, stop.Token), CancellationToken.None))).ConfigureAwait(false);
        }
    }

    private static string Report(LoadShape shape, LoadResult result, long start)
    {
        double elapsed = (Math.Max(result.LastCompletion, start + 1) - start) / (double)Stopwatch.Frequency;
        long[] enc = [.. result.EncTicks.Order()];
        long[] dec = [.. result.DecTicks.Order()];
        long[] round = [.. result.RoundTicks.Order()];
        string from = shape.KeysPerSecond > 0 ? "from the scheduled send time" : "from the send";
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"keys delivered (enc_keys + matching dec_keys, {shape.Bits}-bit): {result.Delivered} in {elapsed:F1} s = {result.Delivered / elapsed:F0} keys/s achieved");
        report.AppendLine(CultureInfo.InvariantCulture, $"enc_keys requests: {enc.Length}, {from}: {Quantiles(enc)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"dec_keys requests: {dec.Length}, from the enc_keys answer: {Quantiles(dec)}");
        report.AppendLine(CultureInfo.InvariantCulture, $"enc+dec round, {from}: {Quantiles(round)}");
        if (shape.KeysPerSecond > 0)
        {
            long[] late = [.. result.LateTicks.Order()];
            report.AppendLine(CultureInfo.InvariantCulture, $"of which this driver sent late (timer wake-up and its own queueing): {Quantiles(late)}");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"failed requests: {result.Failures}, mismatched keys: {result.Mismatches}");
        return report.ToString();
    }

    private static KmeBenchReport JsonReport(LoadShape shape, LoadResult result, long start, KmeCpu cpu)
    {
        double elapsed = (Math.Max(result.LastCompletion, start + 1) - start) / (double)Stopwatch.Frequency;
        LatencyQuantiles Of(IEnumerable<long> ticks)
        {
            long[] sorted = [.. ticks.Order()];
            return new LatencyQuantiles(sorted.Length, Ms(sorted, 0.50), Ms(sorted, 0.99), Ms(sorted, 0.999), Ms(sorted, 1));
        }

        return new KmeBenchReport(shape.Saes, shape.PerRequest, shape.Bits, shape.KeysPerSecond, result.Delivered, elapsed, result.Delivered / elapsed,
            Of(result.EncTicks), Of(result.DecTicks), Of(result.RoundTicks), result.Failures, result.Mismatches, cpu);
    }

    private static string Quantiles(long[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Ms(sorted, 0.50):F2} ms, p99 {Ms(sorted, 0.99):F2} ms, p99.9 {Ms(sorted, 0.999):F2} ms, max {Ms(sorted, 1):F2} ms");

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency;

    private static async Task WaitForKeysAsync(DevelopmentNetwork network, long keys, CancellationToken cancellationToken)
    {
        using HttpClient master = EtsiClients.ForName(network.UrlA, network.Pki, "sae-a0", "A");
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

    /// <summary>Request latencies in ms (open loop: from the scheduled send time).</summary>
    private sealed record LatencyQuantiles(int Requests, double P50Ms, double P99Ms, double P999Ms, double MaxMs);

    private sealed record KmeBenchReport(
        int Saes, int KeysPerRequest, int KeyBits, double OfferedKeysPerSecond, long KeysDelivered, double Seconds, double KeysPerSecond,
        LatencyQuantiles EncKeys, LatencyQuantiles DecKeys, LatencyQuantiles Round, long FailedRequests, long MismatchedKeys, KmeCpu Cpu);

    /// <summary>
    /// CPU time of each KME process over the measured phase (user + kernel, all threads), and per delivered key.
    /// The benchmark's links are <c>random</c> sources (no photon simulation, no distillation), so nearly all of it is
    /// request handling: TLS, HTTP/2, JSON, the key store, Kx to the peer.
    /// </summary>
    private sealed record KmeCpu(double SecondsA, double SecondsB, long Keys)
    {
        public double MicrosecondsPerKeyA => Keys > 0 ? SecondsA * 1e6 / Keys : double.NaN;

        public double MicrosecondsPerKeyB => Keys > 0 ? SecondsB * 1e6 / Keys : double.NaN;

        public double MicrosecondsPerKeyBoth => Keys > 0 ? (SecondsA + SecondsB) * 1e6 / Keys : double.NaN;

        public string ToText() => string.Create(CultureInfo.InvariantCulture,
            $"KME CPU over the measured phase: A {SecondsA:F2} s, B {SecondsB:F2} s; per delivered key A {MicrosecondsPerKeyA:F1} us + B {MicrosecondsPerKeyB:F1} us = {MicrosecondsPerKeyBoth:F1} us (random-source links: request handling){Environment.NewLine}");
    }

    /// <summary>What the load driver runs.</summary>
    /// <param name="Saes">SAE pairs (master at A, slave at B).</param>
    /// <param name="PerRequest">Keys per enc_keys request.</param>
    /// <param name="Bits">Key size in bits.</param>
    /// <param name="Duration">How long rounds are sent (closed loop) or scheduled (open loop).</param>
    /// <param name="KeysPerSecond">Offered rate of the open loop over all pairs; 0 for the closed loop.</param>
    private sealed record LoadShape(int Saes, int PerRequest, int Bits, TimeSpan Duration, double KeysPerSecond);
}
