using QkdNet.PostProcessing.Authentication;
using QkdNet.PostProcessing.Channel;
using QkdNet.Primitives;
using QkdNet.Quantum;
using QkdNet.Quantum.Detections;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// One end of a running link's post-processing: every message goes through a Wegman-Carter
/// authenticated channel whose two key pools are refilled from each block's output before the rest
/// is delivered. Blocks run one at a time. After any failure the endpoint is faulted (the two ends'
/// message counters may no longer agree) and the inner channel is closed so the peer fails fast.
/// </summary>
public sealed class PostProcessingEndpoint : IDisposable
{
    private readonly AuthenticationRole _role;
    private readonly IClassicalChannel _inner;
    private readonly AuthenticationKeyPool _forward;  // Alice to Bob
    private readonly AuthenticationKeyPool _backward; // Bob to Alice
    private readonly AuthenticatedClassicalChannel _channel;
    private readonly PostProcessingOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _faulted;

    /// <summary>
    /// Creates an end. Both ends get the same pre-shared <paramref name="forwardKey"/> (authenticates
    /// Alice-to-Bob messages) and <paramref name="backwardKey"/> (Bob-to-Alice); they are copied.
    /// </summary>
    public PostProcessingEndpoint(AuthenticationRole role, IClassicalChannel inner, BitString forwardKey, BitString backwardKey,
        PostProcessingOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(forwardKey);
        ArgumentNullException.ThrowIfNull(backwardKey);
        ArgumentNullException.ThrowIfNull(options);
        _role = role;
        _inner = inner;
        _options = options;
        _time = time ?? TimeProvider.System;
        _forward = new AuthenticationKeyPool(forwardKey.Clone());
        _backward = new AuthenticationKeyPool(backwardKey.Clone());
        _channel = role == AuthenticationRole.Alice
            ? new AuthenticatedClassicalChannel(inner, _forward, _backward, role)
            : new AuthenticatedClassicalChannel(inner, _backward, _forward, role);
    }

    /// <summary>Authentication key bits available, both directions together.</summary>
    public long AuthenticationBitsAvailable => _forward.BitsAvailable + _backward.BitsAvailable;

    /// <summary>True after a failure; a faulted endpoint processes no more blocks.</summary>
    public bool IsFaulted => _faulted;

    /// <summary>Alice's end of one block.</summary>
    public Task<BlockOutcome> ProcessAsync(AliceDetectionRecord record, CancellationToken cancellationToken = default)
    {
        EnsureRole(AuthenticationRole.Alice);
        return GuardedAsync(() => new AliceEngine(_options, _time).RunAsync(record, _channel, cancellationToken), cancellationToken);
    }

    /// <summary>Bob's end of one block.</summary>
    public Task<BlockOutcome> ProcessAsync(BobDetectionRecord record, CancellationToken cancellationToken = default)
    {
        EnsureRole(AuthenticationRole.Bob);
        return GuardedAsync(() => new BobEngine(_options, _time).RunAsync(record, _channel, cancellationToken), cancellationToken);
    }

    /// <summary>Zeroes the authentication keys and closes the channel.</summary>
    public void Dispose()
    {
        _channel.Dispose();
        _forward.Dispose();
        _backward.Dispose();
        (_inner as IDisposable)?.Dispose();
        _gate.Dispose();
    }

    private async Task<BlockOutcome> GuardedAsync(Func<Task<BlockOutcome>> run, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_faulted, this);
            long before = _forward.BitsConsumed + _backward.BitsConsumed;
            BlockOutcome outcome;
            try
            {
                outcome = await run().ConfigureAwait(false);
            }
            catch
            {
                _faulted = true;
                (_inner as IDisposable)?.Dispose();
                throw;
            }

            long used = _forward.BitsConsumed + _backward.BitsConsumed - before;
            return Replenish(outcome, used);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Refills the forward pool, then the backward pool, to the target from the start of the new key
    /// (the same amounts at both ends, since the pools are in step), and delivers the rest.
    /// </summary>
    private BlockOutcome Replenish(BlockOutcome outcome, long authenticationBitsUsed)
    {
        if (outcome.Block is not SecretKeyBlock block)
        {
            return outcome with { Report = outcome.Report with { AuthenticationBitsUsed = authenticationBitsUsed } };
        }

        BitString key = block.Key;
        int offset = 0;
        foreach (AuthenticationKeyPool pool in new[] { _forward, _backward })
        {
            int take = (int)Math.Clamp(_options.AuthenticationPoolTargetBits - pool.BitsAvailable, 0, key.Length - offset);
            if (take > 0)
            {
                BitString refill = key.Slice(offset, take);
                pool.Replenish(refill);
                refill.Clear();
                offset += take;
            }
        }

        BitString? delivered = offset < key.Length ? key.Slice(offset, key.Length - offset) : null;
        key.Clear();
        var report = outcome.Report with { AuthenticationBitsUsed = authenticationBitsUsed, DeliveredKeyBits = delivered?.Length ?? 0 };
        return new BlockOutcome(delivered is null ? null : block with { Key = delivered }, report);
    }

    private void EnsureRole(AuthenticationRole role)
    {
        if (_role != role)
        {
            throw new InvalidOperationException($"This endpoint plays {_role}, not {role}.");
        }
    }
}
