namespace QkdNet.Services.Cloud.Transport;

/// <summary>How a share travels between the owner and a data server.</summary>
public enum ShareProtectionKind
{
    /// <summary>One-time pad with a Wegman-Carter tag (information-theoretic), for records up to a configured size.</summary>
    OneTimePad,

    /// <summary>AES-256-GCM in segments, keyed directly by QKD keys and rekeyed every configured number of bytes, for bulk.</summary>
    AesGcm,
}
