using System.Security.Cryptography;
using QkdNet.Primitives;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// Rebuilds an object from k shares that stream in side by side: each of k lanes hands over its next opened piece
/// (<see cref="ArriveAsync"/>) and waits; the last to arrive adds the k pieces, each times its Lagrange coefficient at 0
/// (Shamir, CACM 22, 612 (1979); λ_i = Π_{j≠i} x_j / (x_j - x_i) over GF(2^8)), into the object at the pieces' offset and
/// lets all k go on to their next piece. So no share is held whole, only one piece per lane. Any lane may
/// <see cref="Fail"/> it, which releases the others (their wait is cancelled) and leaves the result to be discarded.
/// Thread-safe.
/// </summary>
internal sealed class StreamedCombine
{
    private readonly object _gate = new();
    private readonly byte[] _lambda;
    private readonly ReadOnlyMemory<byte>[] _pieces;
    private readonly long[] _offsets;
    private readonly byte[] _result;
    private TaskCompletionSource _round = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private bool _failed;

    /// <summary>A combine of the shares at points <paramref name="xs"/> (distinct, k of them) into <paramref name="result"/>.</summary>
    public StreamedCombine(ReadOnlySpan<byte> xs, byte[] result)
    {
        _lambda = ShamirSharing.LagrangeAtZero(xs);
        _pieces = new ReadOnlyMemory<byte>[xs.Length];
        _offsets = new long[xs.Length];
        _result = result;
    }

    /// <summary>Whether a lane failed or the pieces did not line up.</summary>
    public bool Failed
    {
        get
        {
            lock (_gate)
            {
                return _failed;
            }
        }
    }

    /// <summary>
    /// Hands lane <paramref name="lane"/>'s piece at <paramref name="offset"/> (valid until the task completes); completes
    /// when all k pieces of the round are added in, cancelled when the combine failed.
    /// </summary>
    public Task ArriveAsync(int lane, long offset, ReadOnlyMemory<byte> piece)
    {
        TaskCompletionSource round;
        lock (_gate)
        {
            if (_failed)
            {
                return Task.FromCanceled(new CancellationToken(canceled: true));
            }

            _pieces[lane] = piece;
            _offsets[lane] = offset;
            round = _round;
            if (++_arrived < _pieces.Length)
            {
                return round.Task;
            }

            _arrived = 0;
            _round = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        int length = _pieces[0].Length;
        if (_offsets.Any(o => o != offset) || _pieces.Any(p => p.Length != length) || offset + length > _result.Length)
        {
            Fail();
            round.TrySetCanceled();
            return Task.FromCanceled(new CancellationToken(canceled: true));
        }

        Span<byte> secret = _result.AsSpan((int)offset, length);
        secret.Clear();
        for (int k = 0; k < _pieces.Length; k++)
        {
            Gf256.MultiplyAdd(secret, _pieces[k].Span, _lambda[k]);
        }

        round.TrySetResult();
        return Task.CompletedTask;
    }

    /// <summary>Stops the combine: every lane waiting, and every lane that arrives later, is released with a cancellation.</summary>
    public void Fail()
    {
        lock (_gate)
        {
            _failed = true;
            _round.TrySetCanceled();
        }
    }

    /// <summary>Zeroes the result (after a failure, or when a tag failed at the end).</summary>
    public void Discard() => CryptographicOperations.ZeroMemory(_result);
}
