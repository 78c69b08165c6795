using System.Runtime.InteropServices;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.PostProcessing.Pipeline;

/// <summary>
/// The wire form of the pipeline's own messages (sifting, estimation, verification, amplification).
/// Each starts with a type byte; integers are LEB128 varints, bits are packed LSB first. Decoding a
/// message of the wrong type, length or range throws <see cref="ReconciliationProtocolException"/>.
/// </summary>
internal static partial class PipelineCodec
{
    /// <summary>The most detections one block may carry.</summary>
    public const int MaxDetections = CascadeParameters.MaxKeyLengthBits;

    /// <summary>
    /// Bob's detections, the largest message of a block (2e6 slots for 1e6 sifted bits): the slots in the Elias-Fano
    /// layout of <c>PipelineCodec.Slots.cs</c>, then the bases. Layout: type | count (varint) | first slot (varint; 0
    /// without slots) | lane width w in bytes (0, 1, 2, 4 or 8, whichever makes the message smallest, the narrower on a
    /// tie) | lanes (count * w bytes, the low 8w bits of each offset slot_i - first, little-endian) | bitmap byte count
    /// (varint) | bitmap (bit ((slot_i - first) >> 8w) + i set for each slot i, LSB first, ending with the byte of the
    /// last slot's bit) | bases. On the 25 km link at 3 % (2e6 slots, mean gap about 190) that is 1-byte lanes and a
    /// 0.44 MB bitmap, 2.72 MB in all against 3.35 MB for the gap lanes with varint exceptions (type 0xA1), whatever
    /// the block's place in the link's slot numbering. Type 0xA8 held the same layout over the absolute slots, which
    /// grew with the link's age; each format change took a new type byte, so a peer on an older format gets a clear
    /// wrong-type error.
    /// </summary>
    public static byte[] Detections(ReadOnlySpan<long> slots, BitString bobBases)
    {
        ArgumentNullException.ThrowIfNull(bobBases);
        SlotsLayout layout = LayOutSlots(slots);
        int basesBytes = (bobBases.Length + 7) / 8;
        // every byte is written below (the bitmap clears itself), so the zeroing would be wasted
        byte[] buffer = GC.AllocateUninitializedArray<byte>(checked(1 + layout.Length + basesBytes));
        buffer[0] = (byte)PipelineMessage.Detections;
        int p = WriteSlots(slots, layout, buffer, 1);
        MemoryMarshal.AsBytes(bobBases.ReadOnlyWords)[..basesBytes].CopyTo(buffer.AsSpan(p));
        return buffer;
    }

    public static (long[] Slots, BitString BobBases) ReadDetections(byte[] message)
    {
        var sink = new CollectSlots();
        BitString bases = DecodeDetections(message, ref sink);
        return (sink.Slots, bases);
    }

    /// <summary>
    /// Decodes a detections message and compares its slots with <paramref name="expectedSlots"/> as
    /// it goes, without materialising them (a 2e6-detection block would need a 16 MB array just for
    /// the comparison). Returns false, with <paramref name="bobBases"/> still decoded, when the slots
    /// differ; malformed messages throw as in <see cref="ReadDetections"/>.
    /// </summary>
    public static bool TryReadDetectionsMatching(byte[] message, ReadOnlySpan<long> expectedSlots, out BitString bobBases)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (TryMatchOwnEncoding(message, expectedSlots, out bobBases))
        {
            return true;
        }

        var sink = new MatchSlots(expectedSlots);
        bobBases = DecodeDetections(message, ref sink);
        return sink.Matches;
    }

    private interface ISlotSink
    {
        void Begin(int count);

        void Add(int index, long slot);
    }

    private struct CollectSlots : ISlotSink
    {
        public long[] Slots;

        public void Begin(int count) => Slots = new long[count];

        public readonly void Add(int index, long slot) => Slots[index] = slot;
    }

    private ref struct MatchSlots(ReadOnlySpan<long> expected) : ISlotSink
    {
        private readonly ReadOnlySpan<long> _expected = expected;

        public bool Matches { get; private set; }

        public void Begin(int count) => Matches = count == _expected.Length;

        public void Add(int index, long slot)
        {
            if (Matches && _expected[index] != slot)
            {
                Matches = false;
            }
        }
    }

    /// <summary>The slot loop, specialised per sink (a struct generic: no interface call per slot).</summary>
    private static BitString DecodeDetections<TSink>(byte[] message, ref TSink sink)
        where TSink : ISlotSink, allows ref struct
    {
        var r = Open(message, PipelineMessage.Detections);
        int count = r.ReadVarInt("detection count", 0, MaxDetections);
        long first = r.ReadVarLong("first slot", long.MaxValue);
        int width = r.ReadByte("lane width");
        if (width is not (0 or 1 or 2 or 4 or 8))
        {
            throw new ReconciliationProtocolException("detections message has a lane width other than 0, 1, 2, 4 or 8 bytes.");
        }

        ReadOnlySpan<byte> lanes = r.ReadBytes((int)Math.Min((long)count * width, int.MaxValue), "slot lanes");
        int bitmapBytes = r.ReadVarInt("bitmap byte count", 0, r.Remaining);
        ReadOnlySpan<byte> bitmap = r.ReadBytes(bitmapBytes, "slot bitmap");
        if (count > (long)bitmapBytes * 8)
        {
            // checked before the sink sizes anything by the count
            throw new ReconciliationProtocolException("detections message has fewer bitmap bits than detections.");
        }

        sink.Begin(count);
        ReadSlots(first, lanes, width, bitmap, count, ref sink);
        BitString bases = ReadBits(ref r, count, "Bob's bases");
        r.EnsureEnd("detections");
        return bases;
    }

    private static int VarintLength(ulong value) => Leb128.Length(value);

    /// <summary>
    /// Writes an LEB128 varint. Values below 2^56 with 8 bytes of room go with BMI2 PDEP and one
    /// 8-byte store; the bytes past the varint are scratch that later writes overwrite (the
    /// detections message is sized exactly and ends with the bases).
    /// </summary>
    private static int WriteVarint(Span<byte> buffer, int position, ulong value)
    {
        if (Leb128.TryWriteWide(buffer[position..], value, out int length))
        {
            return position + length;
        }

        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[position++] = (byte)value;
        return position;
    }

    public static byte[] SiftInfo(BitString aliceBases, BitString intensityLow, BitString intensityHigh, long[] pulses)
    {
        var w = new WireWriter(64 + (3 * aliceBases.Length / 8));
        w.WriteByte((byte)PipelineMessage.SiftInfo);
        foreach (long p in pulses)
        {
            w.WriteVarUInt((ulong)p);
        }

        WriteBits(w, aliceBases);
        WriteBits(w, intensityLow);
        WriteBits(w, intensityHigh);
        return w.ToArray();
    }

    public static (BitString AliceBases, BitString Low, BitString High, long[] Pulses) ReadSiftInfo(byte[] message, int count)
    {
        var r = Open(message, PipelineMessage.SiftInfo);
        long[] pulses = [r.ReadVarLong("signal pulses", long.MaxValue), r.ReadVarLong("decoy pulses", long.MaxValue), r.ReadVarLong("vacuum pulses", long.MaxValue)];
        BitString bases = ReadBits(ref r, count, "Alice's bases");
        BitString low = ReadBits(ref r, count, "intensity low bits");
        BitString high = ReadBits(ref r, count, "intensity high bits");
        r.EnsureEnd("sift info");
        return (bases, low, high, pulses);
    }

    public static byte[] Estimation(PipelineMessage type, ReadOnlySpan<byte> seed, BitString sample, BitString decoy)
    {
        var w = new WireWriter(48 + ((sample.Length + decoy.Length) / 8));
        w.WriteByte((byte)type);
        w.WriteBytes(seed);
        w.WriteVarUInt((ulong)sample.Length);
        w.WriteVarUInt((ulong)decoy.Length);
        WriteBits(w, sample);
        WriteBits(w, decoy);
        return w.ToArray();
    }

    /// <summary>Reads an estimation message; the caller checks the bit counts against its own.</summary>
    public static (byte[] Seed, BitString Sample, BitString Decoy) ReadEstimation(byte[] message, PipelineMessage type, int seedBytes)
    {
        var r = Open(message, type);
        byte[] seed = r.ReadBytes(seedBytes, "sample seed").ToArray();
        int sampleBits = r.ReadVarInt("sample bit count", 0, MaxDetections);
        int decoyBits = r.ReadVarInt("decoy bit count", 0, MaxDetections);
        BitString sample = ReadBits(ref r, sampleBits, "sample bits");
        BitString decoy = ReadBits(ref r, decoyBits, "decoy bits");
        r.EnsureEnd("estimation");
        return (seed, sample, decoy);
    }

    /// <summary>Throws unless the peer's disclosed bit counts are the ones this end expects.</summary>
    public static void ExpectCounts(BitString peerSample, BitString peerDecoy, int sampleBits, int decoyBits)
    {
        if (peerSample.Length != sampleBits || peerDecoy.Length != decoyBits)
        {
            throw new ReconciliationProtocolException(
                $"the peer disclosed {peerSample.Length} sample and {peerDecoy.Length} decoy bits; expected {sampleBits} and {decoyBits}.");
        }
    }

    public static byte[] Verify(byte[] tag)
    {
        var w = new WireWriter(tag.Length + 1);
        w.WriteByte((byte)PipelineMessage.Verify);
        w.WriteBytes(tag);
        return w.ToArray();
    }

    public static byte[] ReadVerify(byte[] message, int tagBytes)
    {
        var r = Open(message, PipelineMessage.Verify);
        byte[] tag = r.ReadBytes(tagBytes, "verification tag").ToArray();
        r.EnsureEnd("verify");
        return tag;
    }

    public static byte[] VerifyResult(bool match, int bitsCorrected)
    {
        var w = new WireWriter(8);
        w.WriteByte((byte)PipelineMessage.VerifyResult);
        w.WriteByte(match ? (byte)1 : (byte)0);
        w.WriteVarUInt((ulong)bitsCorrected);
        return w.ToArray();
    }

    public static (bool Match, int BitsCorrected) ReadVerifyResult(byte[] message, int keyBits)
    {
        var r = Open(message, PipelineMessage.VerifyResult);
        int match = r.ReadVarInt("match flag", 0, 1);
        int corrected = r.ReadVarInt("bits corrected", 0, keyBits);
        r.EnsureEnd("verify result");
        return (match == 1, corrected);
    }

    public static byte[] Amplify(Guid blockId, int outputBits, BitString seed)
    {
        var w = new WireWriter(32 + (seed.Length / 8));
        w.WriteByte((byte)PipelineMessage.Amplify);
        w.WriteBytes(blockId.ToByteArray());
        w.WriteVarUInt((ulong)outputBits);
        w.WriteVarUInt((ulong)seed.Length);
        WriteBits(w, seed);
        return w.ToArray();
    }

    public static (Guid BlockId, int OutputBits, BitString Seed) ReadAmplify(byte[] message, int inputBits)
    {
        var r = Open(message, PipelineMessage.Amplify);
        var id = new Guid(r.ReadBytes(16, "block id"));
        int output = r.ReadVarInt("output bits", 0, inputBits);
        int seedBits = r.ReadVarInt("seed bits", 0, MaxDetections);
        BitString seed = ReadBits(ref r, seedBits, "Toeplitz seed");
        r.EnsureEnd("amplify");
        return (id, output, seed);
    }

    private static WireReader Open(byte[] message, PipelineMessage expected)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Length == 0 || message[0] != (byte)expected)
        {
            throw new ReconciliationProtocolException(
                $"expected a {expected} message, got {(message.Length == 0 ? "an empty message" : $"type {message[0]}")}.");
        }

        var r = new WireReader(message);
        r.ReadByte("type");
        return r;
    }

    private static void WriteBits(WireWriter w, BitString bits) =>
        w.WriteBytes(MemoryMarshal.AsBytes(bits.ReadOnlyWords)[..((bits.Length + 7) / 8)]);

    private static BitString ReadBits(ref WireReader r, int count, string field) => BitString.FromBytes(r.ReadBits(count, field), count);
}
