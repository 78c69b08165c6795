using System.Runtime.CompilerServices;
using QkdNet.PostProcessing.Verification;

namespace QkdNet.PostProcessing.Authentication;

/// <summary>
/// The Wegman-Carter tag of one message: t = h_k(message, sequence, direction) XOR pad, h_k the
/// polynomial hash over GF(2^64) (<see cref="PolynomialHash"/>).
/// </summary>
/// <remarks>
/// Wegman and Carter, "New hash functions and their use in authentication and set equality",
/// JCSS 22 (1981), Sec. 4: with an epsilon-almost-XOR-universal hash and a fresh uniformly random
/// pad per message, the tags are independent uniform values that reveal nothing about k, so k may
/// be reused for every message of a direction while each pad is used once (the rule
/// <see cref="AuthenticatedClassicalChannel"/> follows); each forgery attempt then succeeds with
/// probability at most epsilon. The hashed words are the message bytes (little-endian, zero-padded),
/// then the sequence number, then the byte length with the direction in bit 63: a different
/// message, length, position or direction gives a different coefficient sequence, and
/// epsilon = (words + 2) / 2^64 (<see cref="PolynomialHash"/> remarks).
/// </remarks>
internal static class MessageAuthenticator
{
    /// <summary>Tag size in bytes.</summary>
    internal const int TagBytes = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ComputeTag(ulong hashKey, ulong pad, ReadOnlySpan<byte> message, ulong sequence, AuthenticationRole sender)
    {
        ulong state = PolynomialHash.AbsorbBytes(0, hashKey, message);
        state = PolynomialHash.Absorb(state, hashKey, sequence);
        state = PolynomialHash.Absorb(state, hashKey, (uint)message.Length | ((ulong)(uint)sender << 63));
        return state ^ pad;
    }

    /// <summary>Forgery probability per attempt for messages up to <paramref name="messageBytes"/> bytes.</summary>
    internal static double ForgeryProbabilityBound(int messageBytes) =>
        ((((long)messageBytes + 7) / 8) + 2) / 18446744073709551616.0;
}
