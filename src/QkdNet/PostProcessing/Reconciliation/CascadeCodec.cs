namespace QkdNet.PostProcessing.Reconciliation;

/// <summary>
/// The binary encoding of Cascade messages. Every message starts with a <see cref="CascadeMessageType"/>
/// byte; integers are LEB128 varints; parities are packed 8 to a byte, LSB first. Decoding checks
/// every field and throws <see cref="ReconciliationProtocolException"/> on anything malformed.
/// </summary>
/// <remarks>
/// Start: type, version (1), variant id, n, seed (32 bytes), pass count, then per pass its kind
/// byte and block size. TopLevelParities / ParityResponse: type, bit count, packed bits.
/// ParityRequest: type, query count, then per query pass, start, length. Done: type.
/// </remarks>
internal static class CascadeCodec
{
    /// <summary>
    /// Wire format version. 2: shuffled passes use <see cref="WordTransposePermutation"/>, so a
    /// version-1 peer would permute differently.
    /// </summary>
    public const byte Version = 2;

    public static byte[] EncodeStart(CascadeStartMessage start)
    {
        var w = new WireWriter(48 + (start.Plan.Length * 4));
        w.WriteByte((byte)CascadeMessageType.Start);
        w.WriteByte(Version);
        w.WriteByte(start.VariantId);
        w.WriteVarUInt((ulong)start.KeyLengthBits);
        w.WriteBytes(start.PublicSeed);
        w.WriteVarUInt((ulong)start.Plan.Length);
        foreach (CascadePassPlan p in start.Plan)
        {
            w.WriteByte((byte)p.Kind);
            w.WriteVarUInt((ulong)p.BlockSize);
        }

        return w.ToArray();
    }

    public static CascadeStartMessage DecodeStart(byte[] message)
    {
        var r = new WireReader(message);
        ExpectType(ref r, CascadeMessageType.Start);
        byte version = r.ReadByte("version");
        if (version != Version)
        {
            throw new ReconciliationProtocolException($"Cascade wire version {version} is not supported (this end speaks {Version}).");
        }

        byte variant = r.ReadByte("variant");
        int n = r.ReadVarInt("key length", 1, CascadeParameters.MaxKeyLengthBits);
        byte[] seed = r.ReadBytes(PublicPermutationRandom.SeedLength, "public seed").ToArray();
        int passes = r.ReadVarInt("pass count", 1, CascadeParameters.MaxPasses);
        var plan = new CascadePassPlan[passes];
        for (int i = 0; i < passes; i++)
        {
            byte kind = r.ReadByte("pass kind");
            if (kind > (byte)CascadePassKind.Split)
            {
                throw new ReconciliationProtocolException($"Cascade pass {i} has unknown kind {kind}.");
            }

            plan[i] = new CascadePassPlan((CascadePassKind)kind, r.ReadVarInt("block size", 1, n));
        }

        r.EnsureEnd("start");
        return new CascadeStartMessage(variant, n, seed, plan);
    }

    /// <summary>Starts a parity message of <paramref name="count"/> bits; fill the returned span, then send <c>writer.ToArray()</c>.</summary>
    public static Span<byte> BeginParities(WireWriter writer, CascadeMessageType type, int count)
    {
        writer.WriteByte((byte)type);
        writer.WriteVarUInt((ulong)count);
        return writer.ReserveBits(count);
    }

    /// <summary>Decodes a parity message that must carry exactly <paramref name="expectedCount"/> bits.</summary>
    public static ReadOnlySpan<byte> DecodeParities(byte[] message, CascadeMessageType type, int expectedCount)
    {
        var r = new WireReader(message);
        ExpectType(ref r, type);
        r.ReadVarInt("parity count", expectedCount, expectedCount);
        ReadOnlySpan<byte> bits = r.ReadBits(expectedCount, "parities");
        r.EnsureEnd(type.ToString());
        return bits;
    }

    /// <summary>A request for Alice's parity of the first half of every open bisection in <paramref name="searches"/>.</summary>
    public static byte[] EncodeRequest(WireWriter writer, List<CascadeSearch> searches)
    {
        writer.WriteByte((byte)CascadeMessageType.ParityRequest);
        writer.WriteVarUInt((ulong)searches.Count);
        writer.Ensure(15 * searches.Count); // three varints of at most 5 bytes each
        foreach (ref readonly CascadeSearch s in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(searches))
        {
            writer.WriteVarUInt((ulong)s.Pass);
            writer.WriteVarUInt((ulong)s.Start);
            writer.WriteVarUInt((ulong)(s.Length >> 1));
        }

        return writer.ToArray();
    }

    public static CascadeMessageType PeekType(byte[] message)
    {
        if (message.Length == 0)
        {
            throw new ReconciliationProtocolException("Empty Cascade message.");
        }

        byte type = message[0];
        if (type is < (byte)CascadeMessageType.Start or > (byte)CascadeMessageType.Done)
        {
            throw new ReconciliationProtocolException($"Unknown Cascade message type {type}.");
        }

        return (CascadeMessageType)type;
    }

    public static void ExpectDone(byte[] message)
    {
        var r = new WireReader(message);
        ExpectType(ref r, CascadeMessageType.Done);
        r.EnsureEnd("done");
    }

    private static void ExpectType(ref WireReader r, CascadeMessageType expected)
    {
        byte type = r.ReadByte("message type");
        if (type != (byte)expected)
        {
            throw new ReconciliationProtocolException(
                $"Expected a Cascade {expected} message, got type {type}.");
        }
    }
}
