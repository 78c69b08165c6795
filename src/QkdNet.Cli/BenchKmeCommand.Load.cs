using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace QkdNet.Cli;

internal static partial class BenchKmeCommand
{
    /// <summary>
    /// Closed loop: the pair sends its next round as soon as the last one finished, so latency is
    /// concurrency / throughput (queueing hides in the pauses the loop never takes).
    /// </summary>
    private static async Task ClosedLoopAsync(SaePair pair, LoadResult result, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await pair.RoundAsync(Stopwatch.GetTimestamp(), result).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Open loop: pair i's round k is due at <paramref name="start"/> + i * <paramref name="interval"/> / pairs + k *
    /// <paramref name="interval"/> (Stopwatch ticks), the pairs staggered evenly, whether or not earlier rounds finished,
    /// and its latency counts from that due time, so a slow server or a late wake-up of this driver shows in the figures
    /// instead of silently lowering the rate (no coordinated omission). One dispatcher thread sends every round: it sleeps
    /// in steps of 1 ms until the round is due, so it sends at most about a millisecond late; thread-pool timers
    /// (Task.Delay per pair) woke 2-3 ms late at the median, which the figures then charged to the KME. Stops scheduling
    /// at <paramref name="end"/>; bounded by the run's length.
    /// </summary>
    private static async Task OpenLoopAsync(List<SaePair> pairs, LoadResult result, long start, long interval, long end)
    {
        var inFlight = new List<Task>();
        var dispatcher = new Thread(() =>
        {
            for (long k = 0; ; k++)
            {
                for (int i = 0; i < pairs.Count; i++)
                {
                    long due = start + (interval * i / pairs.Count) + (k * interval);
                    if (due >= end)
                    {
                        return;
                    }

                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.Sleep(1);
                    }

                    inFlight.Add(pairs[i].RoundAsync(due, result));
                }
            }
        })
        { IsBackground = true, Name = "open-loop dispatcher" };
        dispatcher.Start();
        await Task.Run(dispatcher.Join).ConfigureAwait(false);
        await Task.WhenAll(inFlight).ConfigureAwait(false);
    }

    /// <summary>One master SAE at A and its slave SAE at B: one HTTP/2 connection each, rounds may overlap.</summary>
    private sealed class SaePair(HttpClient master, HttpClient slave, string masterSae, string slaveSae, int perRequest, int bits) : IDisposable
    {
        private readonly string _encPath = $"api/v1/keys/{slaveSae}/enc_keys";
        private readonly string _decPath = $"api/v1/keys/{masterSae}/dec_keys";
        private readonly byte[] _encBody = Encoding.UTF8.GetBytes($"{{\"number\":{perRequest},\"size\":{bits}}}");

        /// <summary>Opens both connections (TLS handshake, HTTP/2 settings) with a Get status at each end.</summary>
        public async Task WarmUpAsync(CancellationToken cancellationToken)
        {
            using HttpResponseMessage a = await master.GetAsync($"api/v1/keys/{slaveSae}/status", cancellationToken).ConfigureAwait(false);
            using HttpResponseMessage b = await slave.GetAsync($"api/v1/keys/{masterSae}/status", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>enc_keys at A, then dec_keys at B for the same IDs; latencies count from <paramref name="due"/>.</summary>
        public async Task RoundAsync(long due, LoadResult result)
        {
            result.Started(Stopwatch.GetTimestamp() - due);
            try
            {
                using var encContent = new ByteArrayContent(_encBody);
                encContent.Headers.ContentType = new("application/json");
                using HttpResponseMessage enc = await master.PostAsync(_encPath, encContent, CancellationToken.None).ConfigureAwait(false);
                long encEnd = Stopwatch.GetTimestamp();
                if (enc.StatusCode != HttpStatusCode.OK)
                {
                    result.Fail();
                    return;
                }

                using JsonDocument keys = JsonDocument.Parse(await enc.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false));
                var ids = new StringBuilder("{\"key_IDs\":[");
                foreach (JsonElement key in keys.RootElement.GetProperty("keys").EnumerateArray())
                {
                    ids.Append(ids[^1] == '[' ? string.Empty : ",").Append("{\"key_ID\":\"").Append(key.GetProperty("key_ID").GetString()).Append("\"}");
                }

                ids.Append("]}");
                using var decContent = new StringContent(ids.ToString(), Encoding.UTF8, "application/json");
                using HttpResponseMessage dec = await slave.PostAsync(_decPath, decContent, CancellationToken.None).ConfigureAwait(false);
                long decEnd = Stopwatch.GetTimestamp();
                if (dec.StatusCode != HttpStatusCode.OK)
                {
                    result.Enc(encEnd - due);
                    result.Fail();
                    return;
                }

                using JsonDocument fetched = JsonDocument.Parse(await dec.Content.ReadAsByteArrayAsync(CancellationToken.None).ConfigureAwait(false));
                int delivered = 0, mismatched = 0;
                JsonElement.ArrayEnumerator mine = keys.RootElement.GetProperty("keys").EnumerateArray();
                foreach (JsonElement theirs in fetched.RootElement.GetProperty("keys").EnumerateArray())
                {
                    mine.MoveNext();
                    mismatched += theirs.GetProperty("key").ValueEquals(mine.Current.GetProperty("key").GetString()) ? 0 : 1;
                    delivered++;
                }

                result.Round(encEnd - due, decEnd - encEnd, decEnd - due, delivered, mismatched, decEnd);
            }
            catch (HttpRequestException)
            {
                result.Fail();
            }
            catch (TaskCanceledException)
            {
                // the client's 30 s timeout
                result.Fail();
            }
        }

        public void Dispose()
        {
            master.Dispose();
            slave.Dispose();
        }
    }

    /// <summary>Latencies (Stopwatch ticks) and counts of every round; thread-safe.</summary>
    private sealed class LoadResult
    {
        private readonly Lock _gate = new();

        public List<long> EncTicks { get; } = [];

        public List<long> DecTicks { get; } = [];

        public List<long> RoundTicks { get; } = [];

        /// <summary>How late after its due time each round's enc_keys left this driver (the driver's own share of the latency).</summary>
        public List<long> LateTicks { get; } = [];

        public long Delivered { get; private set; }

        public long Failures { get; private set; }

        public long Mismatches { get; private set; }

        /// <summary>Stopwatch timestamp of the last completed round.</summary>
        public long LastCompletion { get; private set; }

        public void Started(long lateTicks)
        {
            lock (_gate)
            {
                LateTicks.Add(Math.Max(0, lateTicks));
            }
        }

        public void Enc(long ticks)
        {
            lock (_gate)
            {
                EncTicks.Add(ticks);
            }
        }

        public void Fail()
        {
            lock (_gate)
            {
                Failures++;
            }
        }

        public void Round(long enc, long dec, long round, int delivered, int mismatched, long completedAt)
        {
            lock (_gate)
            {
                EncTicks.Add(enc);
                DecTicks.Add(dec);
                RoundTicks.Add(round);
                Delivered += delivered;
                Mismatches += mismatched;
                LastCompletion = Math.Max(LastCompletion, completedAt);
            }
        }
    }
}
