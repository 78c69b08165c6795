using System.Numerics;

namespace QkdNet.Services.Trading.Channel;

/// <summary>The one-time-pad step: destination = data XOR pad, a vector at a time.</summary>
internal static class PadXor
{
    public static void Apply(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pad, Span<byte> destination)
    {
        int n = destination.Length;
        if (data.Length < n || pad.Length < n)
        {
            throw new ArgumentException("Data and pad must cover the destination.", nameof(destination));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= n - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(data[i..]) ^ new Vector<byte>(pad[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < n; i++)
        {
            destination[i] = (byte)(data[i] ^ pad[i]);
        }
    }
}
