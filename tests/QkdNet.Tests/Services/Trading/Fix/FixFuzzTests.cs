using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

/// <summary>
/// Seeded mutations of valid messages: whatever the bytes, the decoder returns a message or an error, never throws,
/// and a Reject can always be built and encoded from the error.
/// </summary>
public sealed class FixFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        FixTestMessages.Encode(FixTestMessages.Order()),
        FixTestMessages.Encode(FixTestMessages.Report()),
        FixTestMessages.Frame("35=A|" + FixTestMessages.HeaderFields + "98=0|108=30|"),
        FixTestMessages.Frame("35=3|" + FixTestMessages.HeaderFields + "45=6|371=54|372=D|373=5|58=Side out of range|"),
    ];

    // Bytes a mutation favours: the ones the parser branches on.
    private static readonly byte[] Interesting = "\u0001=0123456789.-:8ABDZ \u007f\u0000\u00ff"u8.ToArray();

    [Fact]
    public void Decode_RandomMutationsOfValidMessages_NeverThrows()
    {
        var random = new Random(20261202);
        int failures = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] mutated = Mutate(Seeds[random.Next(Seeds.Length)], random);
            failures += DecodeOrReject(mutated) ? 0 : 1;
        }

        // Nearly every raw mutation breaks the CheckSum; the assertion is that none of them threw.
        Assert.True(failures > 15_000, $"{failures}");
    }

    [Fact]
    public void Decode_MutatedBodiesReframedWithValidCheckSum_NeverThrows()
    {
        var random = new Random(7203);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++)
        {
            byte[] seed = Seeds[random.Next(Seeds.Length)];
            string body = BodyOf(seed);
            byte[] mutatedBody = Mutate(System.Text.Encoding.Latin1.GetBytes(body), random);
            decoded += DecodeOrReject(FixTestMessages.Frame(System.Text.Encoding.Latin1.GetString(mutatedBody).Replace('\u0001', '|'))) ? 1 : 0;
        }

        // Some mutations (inside a free-text value, an unmodelled tag) still decode: both outcomes are exercised.
        Assert.InRange(decoded, 1, 19_999);
    }

    [Fact]
    public void Decode_RandomGarbage_NeverThrows()
    {
        var random = new Random(9984);
        for (int i = 0; i < 5_000; i++)
        {
            var garbage = new byte[random.Next(0, 300)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length > 12)
            {
                "8=FIX.4.4\u00019="u8.CopyTo(garbage);
            }

            Assert.False(DecodeOrReject(garbage));
        }
    }

    private static bool DecodeOrReject(byte[] bytes)
    {
        if (FixDecoder.TryDecode(bytes, out _, out FixDecodeError error))
        {
            return true;
        }

        var buffer = new byte[FixEncoder.MaxMessageLength];
        Assert.True(FixEncoder.TryEncode(FixTestMessages.Header(), FixReject.For(error), buffer, out int written));
        Assert.True(FixDecoder.TryDecode(buffer.AsSpan(0, written), out FixMessage reject, out _));
        Assert.Equal(FixMsgType.Reject, reject.MsgType);
        return false;
    }

    private static string BodyOf(byte[] message)
    {
        string text = System.Text.Encoding.Latin1.GetString(message);
        int start = text.IndexOf("35=", StringComparison.Ordinal);
        int end = text.LastIndexOf("10=", StringComparison.Ordinal);
        return text[start..end];
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            byte value = random.Next(2) == 0 ? Interesting[random.Next(Interesting.Length)] : (byte)random.Next(256);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    int from = random.Next(bytes.Count);
                    bytes.InsertRange(at, bytes.GetRange(from, Math.Min(8, bytes.Count - from)));
                    break;
            }
        }

        return [.. bytes];
    }
}
