using QkdNet.PostProcessing.Reconciliation;

namespace QkdNet.Cli.Bench;

/// <summary>One line of the efficiency table: the means over <c>Blocks</c> runs at one QBER and key length.</summary>
/// <param name="VariantName">The reconciler measured.</param>
/// <param name="Qber">Channel bit error rate simulated (fraction).</param>
/// <param name="KeyLengthBits">Key length per run, in bits.</param>
/// <param name="Blocks">Runs measured.</param>
/// <param name="MeanEfficiency">Mean of disclosed / (n H2(e)) with e each run's realised error fraction.</param>
/// <param name="MeanDisclosedBits">Mean parity bits disclosed per run.</param>
/// <param name="MeanRounds">Mean request/response rounds per run.</param>
/// <param name="MeanMessages">Mean messages per run, both directions.</param>
/// <param name="MeanBytes">Mean payload bytes per run, both directions.</param>
/// <param name="FrameErrors">Runs after which Bob's key still differed from Alice's.</param>
/// <param name="ThroughputMbps">Key bits reconciled per second of wall-clock time (both ends running), in Mbit/s.</param>
/// <param name="CpuThroughputMbps">Key bits reconciled per second of this process's CPU time (all threads), in Mbit/s.</param>
internal sealed record ReconciliationEfficiencyRow(
    string VariantName,
    double Qber,
    int KeyLengthBits,
    int Blocks,
    double MeanEfficiency,
    double MeanDisclosedBits,
    double MeanRounds,
    double MeanMessages,
    double MeanBytes,
    int FrameErrors,
    double ThroughputMbps,
    double CpuThroughputMbps);
