using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace QkdNet.KeyManagement;

/// <summary>
/// The ID of one key as ETSI GS QKD 014 hands it out (<c>key_ID</c>): a UUID in its canonical
/// 8-4-4-4-12 hexadecimal text form. The nil UUID is never a valid key ID.
/// </summary>
public readonly record struct KeyId
{
    /// <summary>Size of the binary form written by <see cref="WriteBytes"/>, in bytes.</summary>
    public const int ByteLength = 16;

    /// <summary>Characters of the canonical text form: 32 hex digits and 4 hyphens.</summary>
    public const int CanonicalLength = 36;

    private KeyId(Guid value) => Value = value;

    /// <summary>The UUID.</summary>
    public Guid Value { get; }

    /// <summary>A fresh random (version 4) key ID, its 122 random bits from <see cref="RandomNumberGenerator"/>.</summary>
    public static KeyId New()
    {
        Span<byte> bytes = stackalloc byte[ByteLength];
        RandomNumberGenerator.Fill(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // RFC 9562 version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new KeyId(new Guid(bytes, bigEndian: true));
    }

    /// <summary>
    /// A fresh time-ordered (version 7, RFC 9562 section 5.7) key ID: the Unix time of <paramref name="now"/> in milliseconds
    /// (48 bits), then 74 random bits from <see cref="RandomNumberGenerator"/>. A key store indexes its keys by ID; with
    /// random (version 4) IDs every key of a request lands on its own B-tree page, so each stored key rewrote a page of
    /// its own (about 3.5 pages of 4 KiB per delivered key over both KMEs, docs/PERFORMANCE.md), where IDs that grow with
    /// time fill the index at its right edge and a request's keys share a page or two. The ID stays unguessable (74 random
    /// bits, and a key is served only to its named SAEs anyway); what it adds is the reservation's time, which the SAEs
    /// that see the ID know already.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970 or past the 48-bit millisecond range (year 10889).</exception>
    public static KeyId NewTimeOrdered(DateTimeOffset now)
    {
        Span<KeyId> one = stackalloc KeyId[1];
        NewTimeOrdered(now, one);
        return one[0];
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with fresh time-ordered key IDs, as <see cref="NewTimeOrdered(DateTimeOffset)"/>,
    /// their random bits drawn from <see cref="RandomNumberGenerator"/> in one call for all of them: each call costs about
    /// 3.4 us on the 2-vCPU test VM (an OpenSSL RNG call and a <c>getpid</c> system call), 16 times per 16-key request on
    /// the store's writer when drawn key by key (docs/PERFORMANCE.md, branch <c>kme2</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="now"/> is before 1970 or past the 48-bit millisecond range (year 10889).</exception>
    public static void NewTimeOrdered(DateTimeOffset now, Span<KeyId> destination)
    {
        long milliseconds = now.ToUnixTimeMilliseconds();
        ArgumentOutOfRangeException.ThrowIfNegative(milliseconds, nameof(now));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(milliseconds, (1L << 48) - 1, nameof(now));
        const int TimeBytes = 6, RandomBytes = ByteLength - TimeBytes;
        int randomLength = destination.Length * RandomBytes;
        Span<byte> random = randomLength <= 1024 ? stackalloc byte[1024] : new byte[randomLength];
        random = random[..randomLength];
        RandomNumberGenerator.Fill(random);
        Span<byte> bytes = stackalloc byte[ByteLength];
        for (int i = 0; i < TimeBytes; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (TimeBytes - 1 - i)));
        }

        for (int k = 0; k < destination.Length; k++)
        {
            random.Slice(k * RandomBytes, RandomBytes).CopyTo(bytes[TimeBytes..]);
            bytes[6] = (byte)((bytes[6] & 0x0F) | 0x70); // RFC 9562 version 7
            bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 9562 variant
            destination[k] = new KeyId(new Guid(bytes, bigEndian: true));
        }
    }

    /// <summary>Parses the canonical text form (<c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c>, either case), nothing around it.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out KeyId id)
    {
        // the length check first: Guid parsing trims surrounding whitespace (and NULs), which a key ID must not carry
        if (text?.Length == CanonicalLength && Guid.TryParseExact(text, "D", out Guid guid) && guid != Guid.Empty)
        {
            id = new KeyId(guid);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Wraps <paramref name="value"/>; false for the nil UUID.</summary>
    public static bool TryCreate(Guid value, out KeyId id)
    {
        id = new KeyId(value);
        return value != Guid.Empty;
    }

    /// <summary>Reads the 16-byte big-endian (RFC 9562 network order) form.</summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out KeyId id)
    {
        if (bytes.Length != ByteLength)
        {
            id = default;
            return false;
        }

        return TryCreate(new Guid(bytes, bigEndian: true), out id);
    }

    /// <summary>Writes the 16-byte big-endian form into <paramref name="destination"/>.</summary>
    public void WriteBytes(Span<byte> destination)
    {
        if (!Value.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new ArgumentException($"Needs {ByteLength} bytes.", nameof(destination));
        }
    }

    /// <summary>The 16-byte big-endian form.</summary>
    public byte[] ToBytes()
    {
        byte[] bytes = new byte[ByteLength];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>The canonical lower-case text form.</summary>
    public override string ToString() => Value.ToString("D");
}
