using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using QkdNet.Node.Tests.Support;
using Xunit.Abstractions;

namespace QkdNet.Node.Tests.Network;

/// <summary>
/// Relay latency and relayed-key throughput between two SAEs three hops apart (chain A - B - C - D, real processes
/// on loopback). A measurement, not a gate: it checks only that keys were relayed, and prints the figures.
/// Opt-in, so that it never loads the machine under the other process tests:
/// <c>QKDNET_MEASURE=1 dotnet test tests/QkdNet.Node.Tests -c Release --filter "Category=Measurement" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class RelayLatencyMeasurement(ITestOutputHelper output) : IDisposable
{
    private const int Sequential = 500;
    private const int Workers = 8;
    private static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    // constructed only when the measurement runs: a skipped fact never builds its class, but the guard keeps a
    // direct construction from starting four nodes
    private readonly RelayNetworkFixture? _net = MeasurementFactAttribute.Enabled ? new(
        [("AB", "A", "B"), ("BC", "B", "C"), ("CD", "C", "D")],
        new Dictionary<string, IReadOnlyList<string>> { ["A"] = ["sae-a1"], ["B"] = [], ["C"] = [], ["D"] = ["sae-d1"] }) : null;

    [MeasurementFact]
    public async Task RelayedKey256Bits_ThreeHops_LatencyAndThroughput()
    {
        Assert.NotNull(_net);
        await _net.EncKeysWhenReadyAsync("A", "sae-a1", "sae-d1");
        using HttpClient master = _net.Client("A", "sae-a1");

        // steady state, as the KME benchmark's warm-up: concurrent load first, so the nodes' code is past
        // tiered JIT compilation and their connections are open, then a few sequential relays
        await ConcurrentLoadAsync(Warmup);
        for (int i = 0; i < 50; i++)
        {
            await EncAsync(master);
        }

        int logged = ServerSideMilliseconds(_net["A"].Output).Count();

        // the nodes' own background (link feeders refilling pools, timers, health reports) with no request in flight
        TimeSpan[] idleStart = Cpu();
        long idleStarted = Stopwatch.GetTimestamp();
        await Task.Delay(IdleWindow);
        double idleSeconds = Stopwatch.GetElapsedTime(idleStarted).TotalSeconds;
        TimeSpan[] cpuBefore = Cpu();
        var samples = new List<double>(Sequential);
        for (int i = 0; i < Sequential; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Assert.True(await EncAsync(master));
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        // which relays were slow, in order: a period (say every 64th) points at a batch effect, scattered ones at the machine
        output.WriteLine("relays over 5 ms (index: ms): " + string.Join(", ", samples.Select((ms, i) => (ms, i)).Where(x => x.ms > 5)
            .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.i}: {x.ms:0.0}"))));
        samples.Sort();
        double[] serverSide = [.. ServerSideMilliseconds(_net["A"].Output).Skip(logged).Order()];
        TimeSpan[] cpuSequential = Cpu();
        long started = Stopwatch.GetTimestamp();
        long relayed = await ConcurrentLoadAsync(ThroughputWindow);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        TimeSpan[] cpuAfter = Cpu();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"enc_keys (256-bit key relayed 3 hops, sequential, n={Sequential}): p50 {Pct(samples, 0.50):0.00} ms, p99 {Pct(samples, 0.99):0.00} ms, max {samples[^1]:0.00} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"relay at the origin KME (route + 3 hops + durable store at destination, n={serverSide.Length}): p50 {Pct(serverSide, 0.50):0.00} ms, p99 {Pct(serverSide, 0.99):0.00} ms; per hop p50 {Pct(serverSide, 0.50) / 3:0.00} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput ({Workers} concurrent SAE clients, {seconds:0.0} s): {relayed / seconds:0} relayed keys/s ({relayed / seconds * 256 / 1000:0.0} kbit/s of relayed key)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU with no request in flight ({idleSeconds:0.0} s): ") +
            string.Join(", ", Nodes.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{n} {(cpuBefore[i] - idleStart[i]).TotalMilliseconds / idleSeconds:0} ms/s"))));
        output.WriteLine("CPU per relayed key, sequential (n=" + Sequential.ToString(CultureInfo.InvariantCulture) + "): " + CpuPerKey(cpuBefore, cpuSequential, Sequential));
        output.WriteLine("CPU per relayed key, " + Workers.ToString(CultureInfo.InvariantCulture) + " clients (n=" + relayed.ToString(CultureInfo.InvariantCulture) + "): " + CpuPerKey(cpuSequential, cpuAfter, relayed));
        Assert.True(relayed > 0);
    }

    public void Dispose() => _net?.Dispose();

    /// <summary><see cref="Workers"/> clients relaying keys back to back for <paramref name="window"/>; returns how many were relayed.</summary>
    private async Task<long> ConcurrentLoadAsync(TimeSpan window)
    {
        long relayed = 0;
        using var stop = new CancellationTokenSource(window);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            using HttpClient client = _net!.Client("A", "sae-a1");
            while (!stop.IsCancellationRequested)
            {
                if (await EncAsync(client))
                {
                    Interlocked.Increment(ref relayed);
                }
            }
        })));
        return relayed;
    }

    private static async Task<bool> EncAsync(HttpClient client)
    {
        using HttpResponseMessage response = await client.GetAsync("api/v1/keys/sae-d1/enc_keys?size=256");
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>Each node process's CPU time (user + system, all threads), in <see cref="Nodes"/> order.</summary>
    private TimeSpan[] Cpu() => [.. Nodes.Select(n => _net![n].TotalProcessorTime)];

    /// <summary>
    /// CPU per relayed key, per node and summed over the four: the links are random sources, so this is the relay's own
    /// cost (ETSI request, route, pad reservation, per-hop encryption and tag, HTTPS to the next hop, durable store at the
    /// destination), with no distillation in it.
    /// </summary>
    private static string CpuPerKey(TimeSpan[] before, TimeSpan[] after, long keys)
    {
        double[] us = [.. before.Zip(after, (b, a) => (a - b).TotalMicroseconds / Math.Max(1, keys))];
        return string.Join(", ", Nodes.Select((n, i) => string.Create(CultureInfo.InvariantCulture, $"{n} {us[i]:0} µs"))) +
            string.Create(CultureInfo.InvariantCulture, $"; all four {us.Sum():0} µs");
    }

    private static readonly string[] Nodes = ["A", "B", "C", "D"];

    private static double Pct(IReadOnlyList<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static IEnumerable<double> ServerSideMilliseconds(string log)
    {
        foreach (string line in log.Split('\n'))
        {
            int end = line.LastIndexOf(" ms.", StringComparison.Ordinal);
            int start = line.LastIndexOf("; ", end < 0 ? 0 : end, StringComparison.Ordinal);
            if (line.Contains("Relayed key", StringComparison.Ordinal) && end > 0 && start > 0
                && double.TryParse(line[(start + 2)..end], NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
            {
                yield return ms;
            }
        }
    }
}
