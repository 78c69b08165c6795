using System.Runtime.ExceptionServices;
using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;
using QkdNet.Quantum.Detections;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// Alice's and Bob's post-processing endpoints joined by an in-process channel, with fresh random
/// authentication keys as at commissioning. Runs one block at a time at both ends concurrently.
/// </summary>
public sealed class PostProcessingPair : IDisposable
{
    private readonly PostProcessingEndpoint _alice;
    private readonly PostProcessingEndpoint _bob;
    private readonly TamperingClassicalChannel _bobIncoming;

    /// <summary>Creates both ends.</summary>
    public PostProcessingPair(PostProcessingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (a, b) = InMemoryClassicalChannel.CreatePair();
        BitString forward = BitString.Random(options.AuthenticationPoolTargetBits);
        BitString backward = BitString.Random(options.AuthenticationPoolTargetBits);
        _alice = new PostProcessingEndpoint(AuthenticationRole.Alice, a, forward, backward, options, time);
        _bobIncoming = new TamperingClassicalChannel(b);
        _bob = new PostProcessingEndpoint(AuthenticationRole.Bob, _bobIncoming, forward, backward, options, time);
        forward.Clear();
        backward.Clear();
    }

    /// <summary>Distils one block at both ends, from whatever produced the two records (the simulator or a device).</summary>
    public async Task<(BlockOutcome Alice, BlockOutcome Bob)> ProcessAsync(AliceDetectionRecord aliceRecord, BobDetectionRecord bobRecord, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aliceRecord);
        ArgumentNullException.ThrowIfNull(bobRecord);
        Task<BlockOutcome> alice = _alice.ProcessAsync(aliceRecord, cancellationToken);
        Task<BlockOutcome> bob = _bob.ProcessAsync(bobRecord, cancellationToken);
        try
        {
            BlockOutcome[] outcomes = await Task.WhenAll(alice, bob).ConfigureAwait(false);
            return (outcomes[0], outcomes[1]);
        }
        catch (Exception) when (alice.IsFaulted || bob.IsFaulted)
        {
            // When one end fails it closes the channel, and the other then fails with "closed":
            // surface the end's own failure, which says what went wrong.
            Exception[] errors = [.. new[] { alice, bob }.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException ?? t.Exception!)];
            ExceptionDispatchInfo.Throw(errors.FirstOrDefault(e => e is not ClassicalChannelClosedException) ?? errors[0]);
            throw;
        }
    }

    /// <summary>An attack drill: a man in the middle alters the next message Bob receives (Wegman-Carter must catch it).</summary>
    public void TamperWithNextMessage() => _bobIncoming.TamperWithNextMessage();

    /// <summary>Zeroes the authentication keys and closes the channel.</summary>
    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }
}
