using System.Buffers.Binary;

namespace QkdNet.KeyManagement.Relay;

/// <summary>Decoding: every length is checked before it is used; a short buffer is <see cref="RelayRejectionReason.Truncated"/>.</summary>
public static partial class RelayMessageCodec
{
    /// <summary>Decodes one message; the tag is read, not verified (see <see cref="RelayEndpoint"/>).</summary>
    public static Result<RelayMessage, RelayRejection> Decode(ReadOnlySpan<byte> wire)
    {
        var r = new Reader(wire);
        if (!r.Has(4))
        {
            return Truncated(null);
        }

        if (r.Byte() != Magic0 || r.Byte() != Magic1)
        {
            return new RelayRejection(RelayRejectionReason.Malformed, "not a relay message (bad magic).");
        }

        byte version = r.Byte();
        if (version != Version)
        {
            return new RelayRejection(RelayRejectionReason.UnsupportedVersion, $"wire version {version}; this node speaks {Version}.");
        }

        if (r.Byte() != 0)
        {
            return new RelayRejection(RelayRejectionReason.Malformed, "reserved flags are set.");
        }

        Result<(RelayManifest Manifest, int Length)> manifest = RelayManifest.Read(wire[r.Position..]);
        if (!manifest.IsSuccess)
        {
            return manifest.Error == RelayManifest.Truncated ? Truncated(null) : new RelayRejection(RelayRejectionReason.Malformed, manifest.Error!);
        }

        r.Take(manifest.Value.Length);
        Guid relayId = manifest.Value.Manifest.RelayId;
        if (!r.Has(2))
        {
            return Truncated(relayId);
        }

        int shareIndex = r.Byte(), hopIndex = r.Byte();
        Result<RelayHeader> header = RelayHeader.Create(manifest.Value.Manifest, shareIndex, hopIndex);
        if (!header.IsSuccess)
        {
            return Malformed(header.Error!, relayId);
        }

        if (!r.Has(9))
        {
            return Truncated(relayId);
        }

        ulong sequence = BinaryPrimitives.ReadUInt64BigEndian(r.Take(8));
        int padKeys = r.Byte();
        if (padKeys is 0 or > MaxPadKeys)
        {
            return Malformed($"{padKeys} pad keys (1 to {MaxPadKeys} allowed).", relayId);
        }

        if (!r.Has((16 * padKeys) + 2))
        {
            return Truncated(relayId);
        }

        var padKeyIds = new KeyId[padKeys];
        for (int i = 0; i < padKeys; i++)
        {
            if (!KeyId.TryRead(r.Take(16), out padKeyIds[i]))
            {
                return Malformed($"pad key ID {i} is the nil UUID.", relayId);
            }
        }

        int cipherLength = BinaryPrimitives.ReadUInt16BigEndian(r.Take(2));
        if (cipherLength is 0 or > MaxShareBytes)
        {
            return Malformed($"a share of {cipherLength} bytes (1 to {MaxShareBytes} allowed).", relayId);
        }

        if (!r.Has(cipherLength + TagBytes))
        {
            return Truncated(relayId);
        }

        byte[] ciphertext = r.Take(cipherLength).ToArray();
        ulong tag = BinaryPrimitives.ReadUInt64BigEndian(r.Take(TagBytes));
        if (r.Remaining != 0)
        {
            return Malformed($"{r.Remaining} bytes follow the tag.", relayId);
        }

        return new RelayMessage(header.Value, sequence, padKeyIds, ciphertext, tag);
    }

    private static Result<RelayMessage, RelayRejection> Truncated(Guid? relayId) =>
        new RelayRejection(RelayRejectionReason.Truncated, "the message ends before its declared content.", relayId);

    private static Result<RelayMessage, RelayRejection> Malformed(string detail, Guid relayId) =>
        new RelayRejection(RelayRejectionReason.Malformed, detail, relayId);

    private ref struct Reader(ReadOnlySpan<byte> buffer)
    {
        private readonly ReadOnlySpan<byte> _buffer = buffer;
        private int _at;

        public readonly int Remaining => _buffer.Length - _at;

        public readonly int Position => _at;

        public readonly bool Has(int count) => Remaining >= count;

        public readonly byte Peek() => _buffer[_at];

        public byte Byte() => _buffer[_at++];

        public ReadOnlySpan<byte> Take(int count)
        {
            ReadOnlySpan<byte> s = _buffer.Slice(_at, count);
            _at += count;
            return s;
        }
    }
}
