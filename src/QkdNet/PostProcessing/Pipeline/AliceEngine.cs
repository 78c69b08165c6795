using QkdNet.PostProcessing.Channel;
using QkdNet.PostProcessing.PrivacyAmplification;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.PostProcessing.Verification;
using QkdNet.Primitives;
using QkdNet.Quantum.Detections;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// Alice's post-processing engine: answers Bob's announcements with her bases and intensities,
/// discloses her sample, answers reconciliation, sends the verification tag and chooses the block ID
/// and Toeplitz seed. Shares nothing with Bob's engine but the messages. One block per call.
/// </summary>
public sealed class AliceEngine(PostProcessingOptions options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Distils one block of Alice's record into a secret key block, or reports why not.</summary>
    public async Task<BlockOutcome> RunAsync(AliceDetectionRecord record, IClassicalChannel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(channel);
        var clock = new StageClock(_time);

        // 1. Sifting: Bob's detected slots must be the ones Alice's record holds.
        byte[] detections = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        if (!PipelineCodec.TryReadDetectionsMatching(detections, record.Slots.Span, out BitString bobBases))
        {
            throw new ReconciliationProtocolException("Bob announced detections in slots that do not match Alice's record.");
        }

        var (low, high) = Sifting.PackIntensities(record.Intensities);
        await channel.SendAsync(PipelineCodec.SiftInfo(record.Bases, low, high, record.PulsesPerIntensity), cancellationToken).ConfigureAwait(false);
        var sift = Sifting.Compute(record.Bases, bobBases, low, high);
        BitString sifted = BitSelection.Select(record.Bits, sift.SignalMask);
        BitString decoy = BitSelection.Select(record.Bits, sift.DecoyMask);
        TimeSpan tSift = clock.Lap();

        // 2. Parameter estimation with Bob's public sample seed.
        int decoyCount = decoy.Length;
        var (seed, bobSample, bobDecoy) = PipelineCodec.ReadEstimation(
            await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), PipelineMessage.Estimation, PublicPermutationRandom.SeedLength);
        ulong[] sampleMask = Sifting.SampleMask(seed, sifted.Length, options.SampleFraction);
        BitString sample = BitSelection.Select(sifted, sampleMask);
        BitString key = BitSelection.Select(sifted, Sifting.Complement(sampleMask, sifted.Length));
        sifted.Clear();
        PipelineCodec.ExpectCounts(bobSample, bobDecoy, sample.Length, decoyCount);
        await channel.SendAsync(PipelineCodec.Estimation(PipelineMessage.EstimationReply, [], sample, decoy), cancellationToken).ConfigureAwait(false);
        var estimate = ParameterEstimator.Estimate(
            new ParameterEstimator.Counts(record.PulsesPerIntensity, sift.DetectionsPerIntensity, sample.Length, sample.HammingDistance(bobSample), decoyCount, decoy.HammingDistance(bobDecoy)),
            options);
        TimeSpan tEstimate = clock.Lap();
        BlockReport report = BlockReports.Estimated("alice", record.Count, sample.Length, key.Length, estimate, tSift, tEstimate);
        if (estimate.AbortReason is not null)
        {
            key.Clear();
            return new BlockOutcome(null, report);
        }

        // 3. Reconciliation: Alice answers parity requests; her key is the reference.
        ReconciliationResult reconciliation = await options.Reconciler.ReconcileAliceAsync(key, Math.Max(estimate.Qber, 1e-3), channel, cancellationToken).ConfigureAwait(false);
        TimeSpan tReconcile = clock.Lap();

        // 4. Verification.
        await channel.SendAsync(PipelineCodec.Verify(KeyVerifier.CreateTag(key)), cancellationToken).ConfigureAwait(false);
        var (match, corrected) = PipelineCodec.ReadVerifyResult(await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), key.Length);
        report = BlockReports.Reconciled(report, reconciliation, corrected, tReconcile, clock.Lap());
        if (!match)
        {
            key.Clear();
            return BlockReports.VerificationFailed(report);
        }

        // 5. Privacy amplification: Alice picks the block ID and the Toeplitz seed.
        int length = ParameterEstimator.SecretKeyLength(estimate, key.Length, report.DisclosedBits, options);
        var blockId = Guid.NewGuid();
        BitString toeplitzSeed = length > 0 ? BitString.Random(ToeplitzHash.SeedBits(key.Length, length)) : new BitString(0);
        await channel.SendAsync(PipelineCodec.Amplify(blockId, length, toeplitzSeed), cancellationToken).ConfigureAwait(false);
        BitString? secret = length > 0 ? ToeplitzHash.Compute(key, toeplitzSeed, length) : null;
        key.Clear();
        return BlockReports.Amplified(report, blockId, secret, record.IsKeyGrade, clock.Lap());
    }
}
