namespace QkdNet.Services.Cloud.Transport;

/// <summary>What a sender chooses, and a receiver accepts, for protecting shares in transit.</summary>
public sealed record ShareProtectionSettings
{
    /// <summary>
    /// Most payload bytes under one AES-256 key: 64 GiB, far below NIST SP 800-38D's limit of 2^32 invocations per key
    /// with random nonces (Sec. 8.3); nonces here are counters, so the bound that matters is the rekeying the issue asks for.
    /// </summary>
    public const long MaxRekeyBytes = 64L << 30;

    /// <summary>Payloads up to this many bytes go under a one-time pad (default 16 KiB: a record, a refresh of a record).</summary>
    public int OneTimePadMaxBytes { get; init; } = 16 * 1024;

    /// <summary>Size of each QKD key fetched for a pad, in bits (default 8192, the development KME's largest key).</summary>
    public int OneTimePadKeyBits { get; init; } = 8192;

    /// <summary>AES-GCM segment size in bytes (default 1 MiB).</summary>
    public int SegmentBytes { get; init; } = 1 << 20;

    /// <summary>Bytes under one 256-bit QKD key before the next (default 8 MiB: a 100 MB share takes 12 keys).</summary>
    public long RekeyBytes { get; init; } = 8L << 20;

    /// <summary>Null when consistent, else the problem.</summary>
    public string? Problem() =>
        OneTimePadMaxBytes < 0 ? "otp_max_bytes must not be negative."
        : OneTimePadKeyBits is < 128 or > 65536 || OneTimePadKeyBits % 8 != 0 ? "otp_key_bits must be a multiple of 8 from 128 to 65536."
        : SegmentBytes is < 4096 or > 16 << 20 ? "segment_bytes must be from 4096 to 16 MiB."
        : RekeyBytes < SegmentBytes || RekeyBytes % SegmentBytes != 0 || RekeyBytes > MaxRekeyBytes ? "rekey_bytes must be a multiple of segment_bytes, at most 64 GiB."
        : null;
}
