using System.Globalization;

namespace QkdNet.Services.Cloud.Transport;

/// <summary>
/// How one payload of <see cref="PlainBytes"/> bytes is protected and how much QKD key it takes: both ends derive it
/// from the payload length and the header the sender writes (<see cref="Header"/>), so they always agree.
/// </summary>
/// <param name="Kind">One-time pad or AES-256-GCM.</param>
/// <param name="PlainBytes">The payload's length in bytes.</param>
/// <param name="KeyCount">QKD keys it takes.</param>
/// <param name="KeyBits">Bits in each key.</param>
/// <param name="SegmentBytes">AES-GCM: payload bytes per sealed segment (each with its own nonce and tag); 0 for a pad.</param>
/// <param name="RekeyBytes">AES-GCM: payload bytes under one key before the next; 0 for a pad.</param>
public sealed record ShareProtectionPlan(ShareProtectionKind Kind, long PlainBytes, int KeyCount, int KeyBits, int SegmentBytes, long RekeyBytes)
{
    /// <summary>The HTTP header naming the protection.</summary>
    public const string HeaderName = "X-Qkd-Protection";

    /// <summary>The HTTP header listing the key IDs, comma-separated, in order of use.</summary>
    public const string KeyIdsHeaderName = "X-Qkd-Key-Ids";

    /// <summary>Bytes of the Wegman-Carter tag after a one-time-padded payload.</summary>
    public const int PadTagBytes = 8;

    /// <summary>Bytes of the GCM tag after each segment.</summary>
    public const int GcmTagBytes = 16;

    /// <summary>Extra one-time-pad key bytes: the tag's 64-bit hash key and 64-bit pad.</summary>
    public const int PadAuthenticationKeyBytes = 16;

    /// <summary>The QKD key this plan consumes, in bits.</summary>
    public long KeyBitsUsed => (long)KeyCount * KeyBits;

    /// <summary>Segments of an AES-GCM payload (at least one, so an empty payload still carries a tag).</summary>
    public long Segments => Kind == ShareProtectionKind.AesGcm ? Math.Max(1, (PlainBytes + SegmentBytes - 1) / SegmentBytes) : 0;

    /// <summary>Bytes on the wire.</summary>
    public long WireBytes => Kind == ShareProtectionKind.OneTimePad ? PlainBytes + PadTagBytes : PlainBytes + (Segments * GcmTagBytes);

    /// <summary>The value of <see cref="HeaderName"/>: <c>otp</c>, or <c>aes-256-gcm/SEGMENT/REKEY</c>.</summary>
    public string Header => Kind == ShareProtectionKind.OneTimePad
        ? "otp/" + KeyBits.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"aes-256-gcm/{SegmentBytes}/{RekeyBytes}");

    /// <summary>The plan a sender with <paramref name="settings"/> uses for <paramref name="plainBytes"/> bytes.</summary>
    public static ShareProtectionPlan For(long plainBytes, ShareProtectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(plainBytes);
        return plainBytes <= settings.OneTimePadMaxBytes
            ? Pad(plainBytes, settings.OneTimePadKeyBits)
            : Aes(plainBytes, settings.SegmentBytes, settings.RekeyBytes);
    }

    /// <summary>
    /// The plan a receiver reads from <paramref name="header"/> for a payload of <paramref name="plainBytes"/>, checked
    /// against its own <paramref name="limits"/>; null with a reason when the header is malformed or out of bounds.
    /// </summary>
    public static ShareProtectionPlan? Parse(string? header, long plainBytes, ShareProtectionSettings limits, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(limits);
        problem = null;
        string[] parts = (header ?? string.Empty).Split('/');
        if (parts is ["otp", var bits] && int.TryParse(bits, NumberStyles.None, CultureInfo.InvariantCulture, out int keyBits)
            && keyBits is >= 128 and <= 65536 && keyBits % 8 == 0)
        {
            if (plainBytes > limits.OneTimePadMaxBytes)
            {
                problem = $"a one-time-padded record may be at most {limits.OneTimePadMaxBytes} bytes on this server ({plainBytes} given).";
                return null;
            }

            return Pad(plainBytes, keyBits);
        }

        if (parts is ["aes-256-gcm", var segment, var rekey]
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int segmentBytes)
            && long.TryParse(rekey, NumberStyles.None, CultureInfo.InvariantCulture, out long rekeyBytes)
            && segmentBytes is >= 4096 and <= 16 << 20 && rekeyBytes >= segmentBytes && rekeyBytes % segmentBytes == 0
            && rekeyBytes <= ShareProtectionSettings.MaxRekeyBytes)
        {
            return Aes(plainBytes, segmentBytes, rekeyBytes);
        }

        problem = $"the {HeaderName} header must be otp/KEYBITS or aes-256-gcm/SEGMENT/REKEY with 4096 <= SEGMENT <= 16 MiB, REKEY a multiple of SEGMENT up to {ShareProtectionSettings.MaxRekeyBytes} bytes.";
        return null;
    }

    /// <summary>
    /// The plan of a received body of <paramref name="wireBytes"/> bytes sealed as <paramref name="header"/> says: the
    /// payload length follows from the framing (a pad adds 8 bytes; GCM 16 per segment of the header's size).
    /// </summary>
    public static ShareProtectionPlan? ParseWire(string? header, long wireBytes, ShareProtectionSettings limits, out string? problem)
    {
        ShareProtectionPlan? probe = Parse(header, 0, limits with { OneTimePadMaxBytes = int.MaxValue }, out problem);
        if (probe is null)
        {
            return null;
        }

        long plain = probe.Kind == ShareProtectionKind.OneTimePad
            ? wireBytes - PadTagBytes
            : wireBytes - (GcmTagBytes * Math.Max(1, (wireBytes + probe.SegmentBytes + GcmTagBytes - 1) / (probe.SegmentBytes + GcmTagBytes)));
        ShareProtectionPlan? plan = plain < 0 ? null : Parse(header, plain, limits, out problem);
        if (plan is not null && plan.WireBytes != wireBytes)
        {
            plan = null;
        }

        if (plan is null)
        {
            problem ??= $"a body of {wireBytes} bytes is not a whole payload sealed as {header}.";
        }

        return plan;
    }

    private static ShareProtectionPlan Pad(long plainBytes, int keyBits)
    {
        long keyBytes = plainBytes + PadAuthenticationKeyBytes;
        int keyBytesEach = keyBits / 8;
        return new(ShareProtectionKind.OneTimePad, plainBytes, checked((int)((keyBytes + keyBytesEach - 1) / keyBytesEach)), keyBits, 0, 0);
    }

    private static ShareProtectionPlan Aes(long plainBytes, int segmentBytes, long rekeyBytes) =>
        new(ShareProtectionKind.AesGcm, plainBytes, checked((int)Math.Max(1, (plainBytes + rekeyBytes - 1) / rekeyBytes)), 256, segmentBytes, rekeyBytes);
}
