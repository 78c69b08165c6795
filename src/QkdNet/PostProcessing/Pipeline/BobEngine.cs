using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;
using QkdNet.Quantum;
using QkdNet.Quantum.Simulation;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// Bob's post-processing engine: announces his detections, sifts, discloses a sample, drives
/// reconciliation, checks Alice's verification tag and applies her Toeplitz seed. Shares nothing with
/// Alice's engine but the messages on the channel. One block per call; not thread-safe.
/// </summary>
public sealed class BobEngine(PostProcessingOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Distils one block of Bob's detections into a secret key block, or reports why not.</summary>
    public async Task<BlockOutcome> RunAsync(BobDetectionRecord record, IClassicalChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(channel);
        var clock = new StageClock(_time);

        // 1. Sifting: announce slots and bases, learn Alice's bases and intensities.
        await channel.SendAsync(PipelineCodec.Detections(record.Slots, record.Bases), cancellationToken).ConfigureAwait(false);
        var (aliceBases, low, high, pulses) = PipelineCodec.ReadSiftInfo(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), record.Count);
        var sift = Sifting.Compute(aliceBases, record.Bases, low, high);
        BitString sifted = BitSelection.Select(record.Bits, sift.SignalMask);
        BitString decoy = BitSelection.Select(record.Bits, sift.DecoyMask);
        TimeSpan tSift = clock.Lap();

        // 2. Parameter estimation: a public random sample of the signal bits, all decoy bits.
        byte[] seed = Sifting.NewSeed();
        ulong[] sampleMask = Sifting.SampleMask(seed, sifted.Length, options.SampleFraction);
        BitString sample = BitSelection.Select(sifted, sampleMask);
        BitString key = BitSelection.Select(sifted, Sifting.Complement(sampleMask, sifted.Length));
        sifted.Clear();
        await channel.SendAsync(PipelineCodec.Estimation(PipelineMessage.Estimation, seed, sample, decoy), cancellationToken).ConfigureAwait(false);
        var (_, aliceSample, aliceDecoy) = PipelineCodec.ReadEstimation(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false),
            PipelineMessage.EstimationReply, 0);
        PipelineCodec.ExpectCounts(aliceSample, aliceDecoy, sample.Length, decoy.Length);
        var estimate = ParameterEstimator.Estimate(
            new ParameterEstimator.Counts(pulses, sift.DetectionsPerIntensity, sample.Length, sample.HammingDistance(aliceSample), decoy.Length, decoy.HammingDistance(aliceDecoy)),
            options);
        TimeSpan tEstimate = clock.Lap();
        var report = new BlockReport
        {
            Role = "bob",
            Detections = record.Count,
            SiftedBits = sample.Length + key.Length,
            SampleBits = sample.Length,
            Estimate = estimate,
            Outcome = BlockOutcomeKind.AbortedEstimation,
            AbortReason = estimate.AbortReason,
            Timings = new StageTimings(tSift, tEstimate, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero),
        };
        if (estimate.AbortReason is not null)
        {
            key.Clear();
            return new BlockOutcome(null, report);
        }

        // 3. Reconciliation: Bob corrects his key in place.
        ReconciliationResult reconciliation = await options.Reconciler.ReconcileBobAsync(key, Math.Max(estimate.Qber, 1e-3), channel, cancellationToken).ConfigureAwait(false);
        TimeSpan tReconcile = clock.Lap();

        // 4. Verification of Alice's tag.
        byte[] tag = PipelineCodec.ReadVerify(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), KeyVerifier.TagSizeBytes);
        bool match = KeyVerifier.Verify(key, tag);
        await channel.SendAsync(PipelineCodec.VerifyResult(match, reconciliation.BitsCorrected), cancellationToken).ConfigureAwait(false);
        TimeSpan tVerify = clock.Lap();
        long disclosed = reconciliation.DisclosedParityBits + KeyVerifier.LeakedBits;
        double qber = key.Length > 0 ? (double)reconciliation.BitsCorrected / key.Length : 0;
        report = report with
        {
            Reconciliation = reconciliation,
            ReconciledQber = qber,
            Efficiency = Efficiency(reconciliation, qber),
            DisclosedBits = disclosed,
        };
        if (!match)
        {
            key.Clear();
            return new BlockOutcome(null, report with
            {
                Outcome = BlockOutcomeKind.AbortedVerification,
                AbortReason = "verification hashes differ after reconciliation",
                Timings = report.Timings with { Reconciliation = tReconcile, Verification = tVerify },
            });
        }

        // 5. Privacy amplification with Alice's seed; the length must be the one Bob computes too.
        int length = ParameterEstimator.SecretKeyLength(estimate, key.Length, disclosed, options);
        var (blockId, aliceLength, toeplitzSeed) = PipelineCodec.ReadAmplify(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), key.Length);
        if (aliceLength != length)
        {
            key.Clear();
            throw new ReconciliationProtocolException($"Alice asked for {aliceLength} output bits; the shared estimate gives {length}.");
        }

        BitString? secret = length > 0 ? ToeplitzHash.Compute(key, toeplitzSeed, length) : null;
        key.Clear();
        report = report with
        {
            Outcome = secret is null ? BlockOutcomeKind.AbortedNoKey : BlockOutcomeKind.Key,
            AbortReason = secret is null ? "no secret bits left after privacy amplification" : null,
            SecretKeyBits = length,
            Timings = report.Timings with { Reconciliation = tReconcile, Verification = tVerify, Amplification = clock.Lap() },
        };
        return new BlockOutcome(secret is null ? null : new SecretKeyBlock(blockId, secret, qber, record.IsKeyGrade), report);
    }

    internal static double Efficiency(ReconciliationResult reconciliation, double qber) =>
        qber > 0 && reconciliation.KeyLengthBits > 0 ? reconciliation.DisclosedParityBits / (reconciliation.KeyLengthBits * Entropy.Binary(qber)) : 0;
}
