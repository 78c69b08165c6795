using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;
using QkdNet.Quantum.Detections;

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
        await channel.SendAsync(PipelineCodec.Detections(record.Slots.Span, record.Bases), cancellationToken).ConfigureAwait(false);
        var (aliceBases, low, high, pulses) = PipelineCodec.ReadSiftInfo(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), record.Count);
        var sift = Sifting.Compute(aliceBases, record.Bases, low, high);
        BitString sifted = BitSelection.Select(record.Bits, sift.SignalMask);
        BitString decoy = BitSelection.Select(record.Bits, sift.DecoyMask);
        TimeSpan tSift = clock.Lap();

        // 2. Parameter estimation: a public random sample of the signal bits, all decoy bits.
        byte[] seed = options.PublicSeeds();
        if (seed.Length != PublicPermutationRandom.SeedLength)
        {
            throw new InvalidOperationException($"PublicSeeds must give {PublicPermutationRandom.SeedLength} bytes.");
        }

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
        BlockReport report = BlockReports.Estimated("bob", record.Count, sample.Length, key.Length, estimate, tSift, tEstimate);
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
        report = BlockReports.Reconciled(report, reconciliation, reconciliation.BitsCorrected, tReconcile, clock.Lap());
        if (!match)
        {
            key.Clear();
            return BlockReports.VerificationFailed(report);
        }

        // 5. Privacy amplification with Alice's seed; the length must be the one Bob computes too.
        int length = ParameterEstimator.SecretKeyLength(estimate, key.Length, report.DisclosedBits, options);
        var (blockId, aliceLength, toeplitzSeed) = PipelineCodec.ReadAmplify(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), key.Length);
        if (aliceLength != length)
        {
            key.Clear();
            throw new ReconciliationProtocolException($"Alice asked for {aliceLength} output bits; the shared estimate gives {length}.");
        }

        BitString? secret = length > 0 ? ToeplitzHash.Compute(key, toeplitzSeed, length) : null;
        key.Clear();
        return BlockReports.Amplified(report, blockId, secret, record.IsKeyGrade, clock.Lap());
    }
}
