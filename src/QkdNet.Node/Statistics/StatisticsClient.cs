using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;

namespace QkdNet.Node.Statistics;

/// <summary>
/// The owner's and the analyst's side of the statistics service: uploads a dataset as Shamir shares (one server's
/// shares to each server, over mutual TLS), and sends a query to the first server that answers. Every failure is a
/// value with one sentence. Thread-safe.
/// </summary>
public sealed class StatisticsClient : IDisposable
{
    private readonly HttpClient[] _servers;
    private readonly IReadOnlyList<StatisticsPeer> _names;

    /// <summary>A client with the identity in <paramref name="settings"/>.</summary>
    public StatisticsClient(StatisticsClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _names = settings.Servers;
        _servers = [.. settings.Servers.Select(s => new HttpClient(new KmeConnection(s.Url, settings.CaPath, settings.CertificatePath, settings.KeyPath, s.Name).CreateHandler())
        {
            BaseAddress = s.Url.AbsolutePath.EndsWith('/') ? s.Url : new Uri(s.Url.AbsoluteUri + "/"),
            DefaultRequestVersion = HttpVersion.Version11,
            Timeout = TimeSpan.FromMinutes(30),
        })];
        Threshold = settings.Threshold;
    }

    /// <summary>The servers' Shamir threshold.</summary>
    public int Threshold { get; }

    /// <summary>
    /// Shares <paramref name="columns"/> (checked against <paramref name="schema"/>) among all servers under one fresh
    /// upload ID, in two steps: every server stages its shares; only when all have, every server is told to commit
    /// (switch its queries to them). A server that fails while staging leaves every server on its earlier upload (the
    /// answer says so); one that fails to commit leaves the servers on different uploads, which queries refuse, and the
    /// answer names it (running the upload again repairs it).
    /// </summary>
    public async Task<Result<StatisticsUploadAnswer>> UploadAsync(TableSchema schema, IReadOnlyDictionary<string, long[]> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Result<SharedTable[]> shared = TableSharer.Share(schema, columns, _servers.Length, Threshold);
        if (!shared.IsSuccess)
        {
            return Result<StatisticsUploadAnswer>.Fail(shared.Error!);
        }

        byte[] uploadId = RandomNumberGenerator.GetBytes(SharedTableFile.UploadIdBytes);
        string id = Convert.ToHexStringLower(uploadId);
        string[] failed = await EveryServerAsync(async (server, i) =>
        {
            using var content = new ByteArrayContent(SharedTableFile.Write(shared.Value[i], uploadId));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return await server.PutAsync($"v1/stats/datasets/{schema.Name}", content, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (failed.Length > 0)
        {
            return Result<StatisticsUploadAnswer>.Fail($"{string.Join(" ", failed)} Nothing was committed: every server still answers from its earlier upload of '{schema.Name}' (if any).");
        }

        failed = await EveryServerAsync((server, _) => server.PostAsync($"v1/stats/datasets/{schema.Name}/commit?upload={id}", null, cancellationToken), cancellationToken).ConfigureAwait(false);
        return failed.Length > 0
            ? Result<StatisticsUploadAnswer>.Fail($"{string.Join(" ", failed)} The other servers switched to upload {id}; queries are refused until every server holds the same upload: run the upload again.")
            : new StatisticsUploadAnswer(schema.Name, shared.Value[0].Rows, id);
    }

    /// <summary>Makes one call per server at once; the failures, one sentence each.</summary>
    private async Task<string[]> EveryServerAsync(Func<HttpClient, int, Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        string?[] failures = await Task.WhenAll(_servers.Select((server, i) => CallAsync(i, () => call(server, i), cancellationToken))).ConfigureAwait(false);
        return [.. failures.OfType<string>()];
    }

    /// <summary>Runs a query through the first server that answers; a refusal (bad query, role) is returned as it is.</summary>
    public async Task<Result<StatisticsQueryReport>> QueryAsync(StatisticsQueryRequest request, CancellationToken cancellationToken)
    {
        var unreachable = new List<string>();
        for (int i = 0; i < _servers.Length; i++)
        {
            StatisticsQueryReport? report = null;
            string? failure = await CallAsync(i, async () =>
            {
                HttpResponseMessage response = await _servers[i].PostAsJsonAsync("v1/stats/query", request, StatisticsWire.Options, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    report = await response.Content.ReadFromJsonAsync<StatisticsQueryReport>(StatisticsWire.Options, cancellationToken).ConfigureAwait(false);
                }

                return response;
            }, cancellationToken).ConfigureAwait(false);
            if (failure is null && report is not null)
            {
                return report;
            }

            if (failure is not null && !failure.Contains("did not answer", StringComparison.Ordinal))
            {
                return Result<StatisticsQueryReport>.Fail(failure);
            }

            unreachable.Add(failure ?? $"{_names[i].Name} sent an empty answer.");
        }

        return Result<StatisticsQueryReport>.Fail(string.Join(" ", unreachable));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (HttpClient server in _servers)
        {
            server.Dispose();
        }
    }

    /// <summary>Null on success, else one sentence naming the server.</summary>
    private async Task<string?> CallAsync(int server, Func<Task<HttpResponseMessage>> call, CancellationToken cancellationToken)
    {
        string name = _names[server].Name;
        try
        {
            using HttpResponseMessage response = await call().ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            string detail = $"HTTP {(int)response.StatusCode}";
            try
            {
                using JsonDocument problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
                detail = problem.RootElement.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? detail : detail;
            }
            catch (JsonException)
            {
                // no ProblemDetails body: keep the status
            }

            return $"{name}: {detail}";
        }
        catch (HttpRequestException e)
        {
            return $"{name} did not answer ({e.Message.Split('\n')[0]}).";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{name} did not answer in time.";
        }
    }
}
