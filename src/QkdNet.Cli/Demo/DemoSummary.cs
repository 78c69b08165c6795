using System.Text.Json.Serialization;
using QkdNet.Cli.Trade;

namespace QkdNet.Cli.Demo;

/// <summary>What <c>qkdnet demo --json</c> prints; property names become the JSON fields (snake_case).</summary>
internal sealed record DemoSummary(
    string Mode,
    int Seed,
    IReadOnlyList<DemoLink> Links,
    long Orders,
    long OrdersSent,
    DemoTradeFaults OrderFaults,
    [property: JsonPropertyName("round_trip_us")] LatencySummary RoundTripUs,
    DemoKeyUse OrderKeys,
    bool RestoreOk,
    DemoCloud Cloud,
    bool StatsOk,
    DemoStatistics Stats,
    string AttackedLink,
    double? AttackDetectedSeconds,
    long RelaysOverAttackedLinkBefore,
    long Rerouted,
    long OrdersDuringAttack,
    bool Recovered,
    double? RecoverySeconds,
    double ElapsedSeconds,
    string Time,
    string? Report,
    string Directory);

/// <summary>One link at the end of the run, from the controller's health view.</summary>
internal sealed record DemoLink(string Id, string Preset, double FibreKm, string State, double? Qber, double SecretKeyRateBps, double PoolFraction, long Blocks, long AbortedBlocks);

/// <summary>Orders sent but never answered, and what the trade channel counted: messages rejected on receipt, messages refused for want of key, failed key fetches from the KMEs.</summary>
internal sealed record DemoTradeFaults(long Unanswered, long Rejected, long Refused, long KmeFetchFailures);

/// <summary>How the orders and their execution reports were protected, and the key they took.</summary>
internal sealed record DemoKeyUse(long OneTimePadMessages, long AesMessages, double KeyBitsPerOrder);

/// <summary>The secure-cloud step: the customer file, its shares, the servers stopped, the restore.</summary>
internal sealed record DemoCloud(long Bytes, int K, int N, IReadOnlyList<string> ServersStopped, bool Restored, long KeyBitsUsed);

/// <summary>The statistics step: the analyst's query and its answer, the query that would single out a customer, and whether it was refused.</summary>
internal sealed record DemoStatistics(int Rows, string Query, IReadOnlyList<DemoGroup> Groups, bool MatchesCleartext, string SinglingOutQuery, bool SinglingOutRefused, IReadOnlyList<string> Suppressed,
    IReadOnlyList<string> Servers, string PairwiseKeys, long QkdKeyBits);

/// <summary>One group of the analyst's answer.</summary>
internal sealed record DemoGroup(string Group, long Count, double MeanBalanceYen);
