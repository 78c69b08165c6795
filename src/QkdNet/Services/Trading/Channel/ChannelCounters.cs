namespace QkdNet.Services.Trading.Channel;

/// <summary>
/// Counts of one channel end: messages per protection mode, refusals, rejections by reason and the
/// key bits consumed. Written by the one sealer or opener that owns it, readable from any thread.
/// </summary>
public sealed class ChannelCounters
{
    private readonly long[] _rejected = new long[Enum.GetValues<OpenStatus>().Length];
    private long _oneTimePad;
    private long _aes;
    private long _refused;
    private long _waits;
    private long _aesRekeys;
    private long _keyBits;

    /// <summary>Messages sealed or opened under the one-time pad.</summary>
    public long OneTimePadMessages => Interlocked.Read(ref _oneTimePad);

    /// <summary>Messages sealed or opened under AES-256-GCM.</summary>
    public long AesMessages => Interlocked.Read(ref _aes);

    /// <summary>Messages the sealer refused for want of key (policy <see cref="FallbackPolicy.Fail"/>, or a cancelled wait).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Times the sealer waited for pad (policy <see cref="FallbackPolicy.Wait"/>).</summary>
    public long Waits => Interlocked.Read(ref _waits);

    /// <summary>AES keys taken (sealer) or adopted (opener).</summary>
    public long AesRekeys => Interlocked.Read(ref _aesRekeys);

    /// <summary>Key consumed, in bits: one-time pad and tag keys, plus AES keys.</summary>
    public long KeyBitsUsed => Interlocked.Read(ref _keyBits);

    /// <summary>All messages sealed or opened.</summary>
    public long Messages => OneTimePadMessages + AesMessages;

    /// <summary>Mean key bits per message so far (0 before the first).</summary>
    public double KeyBitsPerMessage => Messages == 0 ? 0 : (double)KeyBitsUsed / Messages;

    /// <summary>Frames the opener rejected for <paramref name="reason"/>.</summary>
    public long RejectedFor(OpenStatus reason) => Interlocked.Read(ref _rejected[(int)reason]);

    /// <summary>Frames the opener rejected, all reasons.</summary>
    public long Rejected
    {
        get
        {
            long total = 0;
            for (int i = 1; i < _rejected.Length; i++)
            {
                total += Interlocked.Read(ref _rejected[i]);
            }

            return total;
        }
    }

    internal void CountMessage(ProtectionMode mode, long keyBits)
    {
        Interlocked.Increment(ref mode == ProtectionMode.OneTimePad ? ref _oneTimePad : ref _aes);
        Interlocked.Add(ref _keyBits, keyBits);
    }

    internal void CountRekey()
    {
        Interlocked.Increment(ref _aesRekeys);
        Interlocked.Add(ref _keyBits, 8L * KeyBudget.AesKeyBytes);
    }

    internal void CountRefused() => Interlocked.Increment(ref _refused);

    internal void CountWait() => Interlocked.Increment(ref _waits);

    internal void CountRejected(OpenStatus reason) => Interlocked.Increment(ref _rejected[(int)reason]);
}
