using System.Text.Json.Nodes;

namespace QkdNet.Development.Pki;

/// <summary>
/// The sections every development node's config shares, whatever network writes it: a key store in the node's folder
/// sized from its high watermark, TLS from the network's <c>pki</c> folder, and a store unsealed from the network's
/// passphrase file.
/// </summary>
internal static class DevelopmentNodeSections
{
    /// <summary>The <c>store</c> section: <c>NODE.db</c>, watermarks and capacity from <paramref name="highWatermarkBits"/>.</summary>
    public static JsonObject Store(string self, long highWatermarkBits, double reservationLifetimeSeconds) => new()
    {
        ["path"] = self.ToLowerInvariant() + ".db",
        ["reservation_lifetime_seconds"] = reservationLifetimeSeconds,
        ["sweep_interval_seconds"] = 1,
        ["key_size_bits"] = 256,
        ["low_watermark_bits"] = Math.Min(highWatermarkBits, 1L << 18),
        ["high_watermark_bits"] = highWatermarkBits,
        ["capacity_bits"] = Math.Max(highWatermarkBits * 4, 1L << 24),
        ["max_key_size_bits"] = 8192,
    };

    /// <summary>The <c>tls</c> section: the node's certificate and key and the CA, under <c>pki/</c>.</summary>
    public static JsonObject Tls(string self) =>
        new() { ["certificate"] = $"pki/{self}.crt", ["key"] = $"pki/{self}.key", ["ca"] = "pki/ca.crt" };

    /// <summary>The <c>unseal</c> section: the network's passphrase file, initialising the store on first start.</summary>
    public static JsonObject Unseal(int pbkdf2Iterations) =>
        new() { ["passphrase_file"] = "passphrase", ["initialize"] = true, ["pbkdf2_iterations"] = pbkdf2Iterations };
}
