using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Server;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Deployment;
using QkdNet.Services.Statistics.Engine;
using QkdNet.Services.Statistics.Protocol;
using QkdNet.Services.Statistics.Query;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Node.Statistics;

/// <summary>
/// One server of the statistics service: holds its shares of each dataset (uploaded by an owner), answers an
/// analyst's query by running the secure computation with the other servers (this server coordinates: it asks every
/// other server that is up to run the same query, runs it too, and returns the common answer), and takes part in
/// queries other servers coordinate. Roles: upload needs <c>owner</c>; a query <c>analyst</c> or <c>owner</c>; the
/// audit log <c>auditor</c>; the peer routes only the configured servers. No route returns a share or a record.
/// Every upload and query (allowed or not) is appended to a hash-chained audit log. Thread-safe.
/// </summary>
public sealed partial class StatisticsService : IDisposable
{
    private readonly StatisticsServerSettings _settings;
    private readonly HttpClient[] _peers;
    private readonly IKeyDelivery? _kme;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, (SharedTable Table, string UploadId)> _datasets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (SharedTable Table, string UploadId)> _staged = new(StringComparer.OrdinalIgnoreCase);
    private readonly StatisticsAuditLog _audit;

    /// <summary>A service over <paramref name="settings"/>; <paramref name="peers"/>[i] reaches server i (element Self unused).</summary>
    public StatisticsService(StatisticsServerSettings settings, HttpClient[] peers, IKeyDelivery? kme, TimeProvider time, ILogger<StatisticsService> log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _peers = peers;
        _kme = kme;
        _time = time;
        _log = log;
        Mailboxes = new PeerMailboxes(time, settings.RecordPeerMessages);
        Directory.CreateDirectory(settings.DataDirectory);
        _audit = new StatisticsAuditLog(Path.Combine(settings.DataDirectory, "audit.jsonl"), time);
        foreach (string file in Directory.EnumerateFiles(settings.DataDirectory, "*.shares").Concat(Directory.EnumerateFiles(settings.DataDirectory, "*.staged")))
        {
            Result<(SharedTable Table, string UploadId)> read = SharedTableFile.Read(File.ReadAllBytes(file));
            if (read.IsSuccess)
            {
                (file.EndsWith(".staged", StringComparison.Ordinal) ? _staged : _datasets)[read.Value.Table.Schema.Name] = read.Value;
            }
            else
            {
                LogBadFile(file, read.Error!);
            }
        }
    }

    /// <summary>Messages from the other servers.</summary>
    public PeerMailboxes Mailboxes { get; }

    /// <summary>The audit log.</summary>
    public StatisticsAuditLog Audit => _audit;

    /// <summary>The party index of <paramref name="caller"/> when it is one of the configured servers (not this one), else null.</summary>
    public int? PeerIndex(string caller)
    {
        for (int i = 0; i < _settings.Servers.Count; i++)
        {
            if (i != _settings.Self && _settings.Servers[i].Name == caller)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>
    /// Stages the caller's shares of a dataset on this server (owner only): they are checked and written beside the
    /// dataset, but queries keep using the earlier upload until <see cref="Commit"/> switches to this one. The
    /// client commits only once every server has staged its shares, so a server that fails mid-upload leaves every
    /// server on the earlier upload (docs/statistics.md, upload). A newer stage replaces an older one.
    /// </summary>
    public async Task<Result<StatisticsUploadAnswer, ShareServiceFailure>> UploadAsync(string caller, string dataset, byte[] body, CancellationToken cancellationToken)
    {
        if (Denied(caller, "stats-upload", dataset, CloudRole.Owner) is { } denied)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, denied);
        }

        Result<(SharedTable Table, string UploadId)> read = SharedTableFile.Read(body);
        string? problem = !read.IsSuccess ? read.Error
            : !string.Equals(read.Value.Table.Schema.Name, dataset, StringComparison.OrdinalIgnoreCase) ? $"the body holds dataset '{read.Value.Table.Schema.Name}', the route names '{dataset}'."
            : null;
        if (problem is not null)
        {
            _audit.Append(new(caller, "owner", "stats-upload", dataset, true, problem));
            return new ShareServiceFailure(ShareServiceStatus.BadRequest, problem);
        }

        string name = read.Value.Table.Schema.Name;
        string staged = StagedPath(name);
        string temporary = staged + ".new";
        await File.WriteAllBytesAsync(temporary, body, cancellationToken).ConfigureAwait(false);
        lock (_staged)
        {
            File.Move(temporary, staged, overwrite: true);
            _staged[name] = read.Value;
        }

        _audit.Append(new(caller, "owner", "stats-upload", name, true, $"staged: {read.Value.Table.Rows} rows, upload {read.Value.UploadId}"));
        return new StatisticsUploadAnswer(name, read.Value.Table.Rows, read.Value.UploadId);
    }

    /// <summary>
    /// Switches queries to the staged upload <paramref name="uploadId"/> of a dataset (owner only). Idempotent: committing
    /// the upload already in use answers OK, so a client may repeat a commit that failed on the way back.
    /// </summary>
    public Result<StatisticsUploadAnswer, ShareServiceFailure> Commit(string caller, string dataset, string uploadId)
    {
        if (Denied(caller, "stats-upload", dataset, CloudRole.Owner) is { } denied)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, denied);
        }

        lock (_staged)
        {
            if (_datasets.TryGetValue(dataset, out var current) && current.UploadId == uploadId)
            {
                return new StatisticsUploadAnswer(current.Table.Schema.Name, current.Table.Rows, uploadId);
            }

            if (!_staged.TryGetValue(dataset, out var staged) || staged.UploadId != uploadId)
            {
                string reason = $"upload {uploadId} of '{dataset}' is not staged on {_settings.Name}; upload it again.";
                _audit.Append(new(caller, "owner", "stats-commit", dataset, true, reason));
                return new ShareServiceFailure(ShareServiceStatus.NotFound, reason);
            }

            string name = staged.Table.Schema.Name;
            File.Move(StagedPath(name), Path.Combine(_settings.DataDirectory, name + ".shares"), overwrite: true);
            _datasets[name] = staged;
            _staged.TryRemove(name, out _);
            _audit.Append(new(caller, "owner", "stats-commit", name, true, $"ok: {staged.Table.Rows} rows, upload {uploadId} in use"));
            return new StatisticsUploadAnswer(name, staged.Table.Rows, uploadId);
        }
    }

    private string StagedPath(string dataset) => Path.Combine(_settings.DataDirectory, dataset + ".staged");

    /// <summary>The role check of a user route: null when allowed (any of <paramref name="roles"/>), else the reason (audited).</summary>
    private string? Denied(string caller, string action, string target, params CloudRole[] roles)
    {
        IReadOnlyList<CloudRole> held = _settings.Policy.RolesOf(caller);
        if (held.Any(roles.Contains))
        {
            return null;
        }

        string reason = held.Count == 0
            ? $"'{caller}' is not in this server's access policy."
            : $"role {string.Join('+', held.Select(AccessPolicy.Name))} may not {action.Replace("stats-", "", StringComparison.Ordinal)}: {string.Join(" or ", roles.Select(AccessPolicy.Name))} role required.";
        _audit.Append(new(caller, held.Count == 0 ? "none" : string.Join('+', held.Select(AccessPolicy.Name)), action, target, false, reason));
        return reason;
    }

    /// <summary>Answers a query (analyst or owner): checks it, finds the servers that are up, runs it everywhere, returns the common answer.</summary>
    public async Task<Result<StatisticsQueryReport, ShareServiceFailure>> QueryAsync(string caller, StatisticsQueryRequest request, CancellationToken cancellationToken)
    {
        string target = $"{request.Dataset}: {request.Query}";
        if (Denied(caller, "stats-query", target, CloudRole.Analyst, CloudRole.Owner) is { } denied)
        {
            return new ShareServiceFailure(ShareServiceStatus.Forbidden, denied);
        }

        string role = _settings.Policy.RolesOf(caller).Contains(CloudRole.Analyst) ? "analyst" : "owner";
        Result<StatisticsQueryReport, ShareServiceFailure> Refuse(ShareServiceStatus status, string reason)
        {
            _audit.Append(new(caller, role, "stats-query", target, true, reason));
            return new ShareServiceFailure(status, reason);
        }

        if (!_datasets.TryGetValue(request.Dataset ?? "", out var held))
        {
            return StatisticsDatasets.Find(request.Dataset ?? "") is null
                ? Refuse(ShareServiceStatus.BadRequest, $"unknown dataset '{request.Dataset}' (known: {StatisticsDatasets.Names}).")
                : Refuse(ShareServiceStatus.NotFound, $"dataset '{request.Dataset}' has not been uploaded to {_settings.Name}.");
        }

        int minimum = request.MinimumGroupSize ?? _settings.MinimumGroupSize;
        if (minimum < _settings.MinimumGroupSize)
        {
            return Refuse(ShareServiceStatus.BadRequest, $"the minimum group size cannot go below this service's {_settings.MinimumGroupSize} (asked {minimum}).");
        }

        // Check the query here first, so a bad one costs no server any work.
        Result<StatQuery> parsed = QueryParser.Parse(request.Query ?? "");
        Result<QueryPlan> plan = parsed.IsSuccess ? QueryPlanner.Plan(parsed.Value, held.Table.Schema, held.Table.Rows) : default;
        if (!parsed.IsSuccess || !plan.IsSuccess)
        {
            return Refuse(ShareServiceStatus.BadRequest, parsed.Error ?? plan.Error!);
        }

        int[] active = await ActiveServersAsync(cancellationToken).ConfigureAwait(false);
        if (active.Length < (2 * _settings.Threshold) + 1)
        {
            string down = string.Join(", ", Enumerable.Range(0, _settings.Servers.Count).Except(active).Select(i => _settings.Servers[i].Name));
            return Refuse(ShareServiceStatus.Unavailable, $"only {active.Length} of {_settings.Servers.Count} servers answer (down: {down}); threshold t = {_settings.Threshold} needs {(2 * _settings.Threshold) + 1}.");
        }

        var run = new PeerRunRequest(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), held.Table.Schema.Name, held.UploadId, request.Query!, minimum, request.Epsilon, active, caller, role);
        var outcomes = await Task.WhenAll(active.Select(party => party == _settings.Self ? RunAsPartyAsync(run, cancellationToken) : AskPeerAsync(party, run, cancellationToken))).ConfigureAwait(false);
        if (outcomes.FirstOrDefault(o => o.Error is not null) is { } failed)
        {
            return Refuse(failed.Error!.StartsWith("server ", StringComparison.Ordinal) || failed.Error.Contains("did not answer", StringComparison.Ordinal) ? ShareServiceStatus.Unavailable : ShareServiceStatus.BadRequest, failed.Error);
        }

        string first = JsonSerializer.Serialize(outcomes[0].Answer, StatisticsWire.Options);
        if (outcomes.Any(o => JsonSerializer.Serialize(o.Answer, StatisticsWire.Options) != first))
        {
            return Refuse(ShareServiceStatus.Unavailable, "the servers' answers differ (a server deviated from the protocol); nothing is answered.");
        }

        StatisticsAnswer answer = outcomes[0].Answer!;
        _audit.Append(new(caller, role, "stats-query", target, true, "ok: revealed " + string.Join("; ", answer.Revealed)));
        return Result<StatisticsQueryReport, ShareServiceFailure>.Ok(new StatisticsQueryReport(
            run.Dataset, run.Query, answer, [.. active.Select(i => _settings.Servers[i].Name)], outcomes.Sum(o => o.BytesSent), outcomes.Sum(o => o.Messages),
            outcomes.Sum(o => o.QkdKeyBits), outcomes[0].PairwiseKeys, [.. outcomes.Select(o => o.CpuSeconds)]));
    }

    /// <summary>Runs this server's part of a query (its own, or one a peer coordinates).</summary>
    public async Task<PeerRunResponse> RunAsPartyAsync(PeerRunRequest run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        int self = _settings.Self;
        var transport = new HttpPartyTransport(self, _peers, Mailboxes, run.QueryId);
        TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        string keysSource = _settings.DevelopmentPairwiseKeys ? EstablishedPairwiseKeys.DevelopmentSource : EstablishedPairwiseKeys.QkdSource;
        long qkdBits = 0;
        PeerRunResponse Outcome(StatisticsAnswer? answer, string? error) =>
            new(answer, error, transport.BytesSent, transport.MessagesSent, qkdBits, keysSource, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
        try
        {
            string? problem = !_datasets.TryGetValue(run.Dataset, out var held) ? $"server {_settings.Name} holds no dataset '{run.Dataset}'; upload it to every server."
                : held.UploadId != run.UploadId ? $"server {_settings.Name} holds another upload of '{run.Dataset}' than the coordinator; upload it again to every server."
                : !run.Active.Contains(self) || run.Active.Any(p => p < 0 || p >= _settings.Servers.Count) ? "the query's server list does not fit this server's configuration."
                : run.MinimumGroupSize < _settings.MinimumGroupSize ? $"server {_settings.Name} answers no group smaller than {_settings.MinimumGroupSize} (the query asked {run.MinimumGroupSize})."
                : null;
            if (problem is not null)
            {
                await StopAsync(run, cancellationToken).ConfigureAwait(false);
                return Outcome(null, problem);
            }

            using EstablishedPairwiseKeys? keys = await PairwiseKeysAsync(transport, run, cancellationToken).ConfigureAwait(false);
            if (keys is null)
            {
                await StopAsync(run, cancellationToken).ConfigureAwait(false);
                return Outcome(null, $"server {_settings.Name} could not get QKD keys from its KME for the pairwise keys (see its log).");
            }

            qkdBits = keys.QkdBitsUsed;
            using PartyContext context = await PartyContext.CreateAsync(transport, _settings.Threshold, run.Active, keys, time: _time, roundTimeout: _settings.RoundTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            var options = new StatisticsOptions { MinimumGroupSize = run.MinimumGroupSize, Epsilon = run.Epsilon };
            Result<StatisticsAnswer> answer = await StatisticsEngine.RunAsync(context, held.Table, run.Query, options, cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                await StopAsync(run, cancellationToken).ConfigureAwait(false);
            }

            {
                _audit.Append(new(run.Caller, run.CallerRole, "stats-query-part", $"{run.Dataset}: {run.Query}", true, answer.IsSuccess ? "ok: revealed " + string.Join("; ", answer.Value.Revealed) : answer.Error!));
            }

            return answer.IsSuccess ? Outcome(answer.Value, null) : Outcome(null, answer.Error);
        }
        catch (PartyUnavailableException e)
        {
            await StopAsync(run, cancellationToken).ConfigureAwait(false);
            return Outcome(null, $"{_settings.Name}: {e.Message}; the query was not answered.");
        }
        finally
        {
            Mailboxes.Finish(run.QueryId);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (HttpClient peer in _peers)
        {
            peer?.Dispose();
        }

        (_kme as IDisposable)?.Dispose();
        _audit.Dispose();
    }

    private async Task<EstablishedPairwiseKeys?> PairwiseKeysAsync(HttpPartyTransport transport, PeerRunRequest run, CancellationToken cancellationToken)
    {
        if (_settings.DevelopmentPairwiseKeys)
        {
            return await EstablishedPairwiseKeys.OverChannelForDevelopmentAsync(transport, run.Active, cancellationToken).ConfigureAwait(false);
        }

        SaeId[] names = [.. _settings.Servers.Select(s => SaeId.Create(s.Name))];
        Result<EstablishedPairwiseKeys> keys = await EstablishedPairwiseKeys.FromQkdAsync(transport, run.Active, names, _kme!, cancellationToken).ConfigureAwait(false);
        if (!keys.IsSuccess)
        {
            LogNoKeys(keys.Error!);
            return null;
        }

        return keys.Value;
    }

    /// <summary>Tells the other parties this one stopped, so none waits for it until the round timeout.</summary>
    private async Task StopAsync(PeerRunRequest run, CancellationToken cancellationToken)
    {
        await Task.WhenAll(run.Active.Where(p => p != _settings.Self).Select(async p =>
        {
            try
            {
                using HttpResponseMessage _ = await _peers[p].PostAsync($"v1/stats/peer/{run.QueryId}/stop?from={_settings.Self}", null, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // that party is gone already
            }
        })).ConfigureAwait(false);
    }

    private async Task<int[]> ActiveServersAsync(CancellationToken cancellationToken)
    {
        bool[] up = await Task.WhenAll(Enumerable.Range(0, _settings.Servers.Count).Select(async i =>
        {
            if (i == _settings.Self)
            {
                return true;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                using HttpResponseMessage response = await _peers[i].GetAsync("v1/stats/peer/ping", timeout.Token).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        })).ConfigureAwait(false);
        return [.. Enumerable.Range(0, up.Length).Where(i => up[i])];
    }

    private async Task<PeerRunResponse> AskPeerAsync(int party, PeerRunRequest run, CancellationToken cancellationToken)
    {
        string name = _settings.Servers[party].Name;
        try
        {
            using HttpResponseMessage response = await _peers[party].PostAsJsonAsync("v1/stats/peer/run", run, StatisticsWire.Options, cancellationToken).ConfigureAwait(false);
            PeerRunResponse? outcome = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PeerRunResponse>(StatisticsWire.Options, cancellationToken).ConfigureAwait(false) : null;
            return outcome ?? new PeerRunResponse(null, $"server {name} refused the query (HTTP {(int)response.StatusCode}).", 0, 0, 0, "", 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            Mailboxes.Close(run.QueryId, party);
            return new PeerRunResponse(null, $"server {name} did not answer during the query ({e.Message.Split('\n')[0]}); the query was not answered.", 0, 0, 0, "", 0);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ignoring {File}: {Problem}")]
    private partial void LogBadFile(string file, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no pairwise QKD keys: {Problem}")]
    private partial void LogNoKeys(string problem);
}
