using System.Text.Json;
using QkdNet.Services.Statistics.Engine;

namespace QkdNet.Services.Statistics.Deployment;

/// <summary>The JSON style of the statistics service's routes: snake_case.</summary>
public static class StatisticsWire
{
    /// <summary>Serializer options for every body of the statistics routes.</summary>
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>An analyst's query (POST /v1/stats/query).</summary>
/// <param name="Dataset">The dataset's name.</param>
/// <param name="Query">The query text (docs/statistics.md, grammar).</param>
/// <param name="MinimumGroupSize">Groups smaller than this are suppressed; null: the server's default (5).</param>
/// <param name="Epsilon">Laplace differential privacy budget per group, or null for exact answers.</param>
public sealed record StatisticsQueryRequest(string Dataset, string Query, int? MinimumGroupSize = null, double? Epsilon = null);

/// <summary>What the coordinating server asks every other server to run (POST /v1/stats/peer/run).</summary>
/// <param name="QueryId">Random, names the query's messages.</param>
/// <param name="Dataset">The dataset.</param>
/// <param name="UploadId">The coordinator's upload ID of the dataset: every server must hold the same upload.</param>
/// <param name="Query">The query text.</param>
/// <param name="MinimumGroupSize">The minimum group size.</param>
/// <param name="Epsilon">The DP budget or null.</param>
/// <param name="Active">The servers taking part (0-based indices into the configured server list).</param>
/// <param name="Caller">Who asked (for every server's audit log).</param>
/// <param name="CallerRole">Their role.</param>
public sealed record PeerRunRequest(
    string QueryId, string Dataset, string UploadId, string Query, int MinimumGroupSize, double? Epsilon, IReadOnlyList<int> Active, string Caller, string CallerRole);

/// <summary>One server's outcome of a query.</summary>
/// <param name="Answer">The answer, or null on failure.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="BytesSent">Bytes this server sent to the other servers for the query (key set-up included).</param>
/// <param name="Messages">Messages it sent.</param>
/// <param name="QkdKeyBits">QKD key it fetched for the pairwise keys, in bits.</param>
/// <param name="PairwiseKeys">Where its pairwise keys came from.</param>
/// <param name="CpuSeconds">Processor time of the query at this server, in seconds (all threads of the process, so approximate).</param>
public sealed record PeerRunResponse(StatisticsAnswer? Answer, string? Error, long BytesSent, long Messages, long QkdKeyBits, string PairwiseKeys, double CpuSeconds);

/// <summary>The answer the analyst gets: the aggregates, what was revealed, and what the query cost.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Query">The query text.</param>
/// <param name="Answer">The common answer of the servers.</param>
/// <param name="Servers">The servers that computed it.</param>
/// <param name="BytesBetweenServers">Bytes the servers sent each other (payloads, HTTP and TLS framing excluded).</param>
/// <param name="Messages">Messages between servers.</param>
/// <param name="QkdKeyBits">QKD key fetched for pairwise keys, in bits, all servers together.</param>
/// <param name="PairwiseKeys">Where the pairwise keys came from.</param>
/// <param name="CpuSeconds">Processor time per server, in seconds.</param>
public sealed record StatisticsQueryReport(
    string Dataset, string Query, StatisticsAnswer Answer, IReadOnlyList<string> Servers, long BytesBetweenServers, long Messages, long QkdKeyBits,
    string PairwiseKeys, IReadOnlyList<double> CpuSeconds);

/// <summary>What an upload stored on one server.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Rows">Rows.</param>
/// <param name="UploadId">The upload's ID.</param>
public sealed record StatisticsUploadAnswer(string Dataset, long Rows, string UploadId);
