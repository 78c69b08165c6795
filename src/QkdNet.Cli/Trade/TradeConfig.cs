using System.Globalization;
using System.Net;
using System.Text.Json;
using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Cli.Trade;

/// <summary>
/// The configuration of <c>qkdnet trade broker</c> or <c>trade investor</c> (docs/trading.md): this application's
/// SAE ID and its peer's, its KME (URL, KME ID, CA, certificate and key as PEM files, optional SHA-256 pin), the
/// address to listen on (broker) or to reach the broker at (investor), the fallback policy, the key size, and for
/// the investor the orders to send and their rate. Relative paths are read from the file's folder.
/// </summary>
internal sealed record TradeConfig(
    SaeId Sae,
    SaeId Peer,
    KmeConnection Kme,
    IPEndPoint Address,
    FallbackPolicy Policy,
    int KeySizeBits,
    int Orders,
    double RatePerSecond)
{
    /// <summary>Reads <paramref name="path"/> for <paramref name="role"/> (<c>broker</c> or <c>investor</c>); the error names the file, the field and what is wrong.</summary>
    public static Result<TradeConfig> Load(string path, string role)
    {
        if (!File.Exists(path))
        {
            return Result<TradeConfig>.Fail($"{path}: no such file.");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
            string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Result<TradeConfig> parsed = Parse(document.RootElement, role, folder);
            return parsed.IsSuccess ? parsed : Result<TradeConfig>.Fail($"{path}: {parsed.Error}");
        }
        catch (JsonException e)
        {
            return Result<TradeConfig>.Fail($"{path}: not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Parses a configuration object; <paramref name="folder"/> anchors relative paths.</summary>
    internal static Result<TradeConfig> Parse(JsonElement root, string role, string folder)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Result<TradeConfig>.Fail("the configuration must be a JSON object.");
        }

        bool investor = role == "investor";
        Result<string> saeText = Text(root, "sae_id", "$.sae_id");
        if (!saeText.IsSuccess)
        {
            return Result<TradeConfig>.Fail(saeText.Error!);
        }

        if (!SaeId.TryCreate(saeText.Value, out SaeId sae))
        {
            return Result<TradeConfig>.Fail("$.sae_id is not a valid SAE ID.");
        }

        Result<string> peerText = Text(root, "peer_sae_id", "$.peer_sae_id");
        if (!peerText.IsSuccess)
        {
            return Result<TradeConfig>.Fail(peerText.Error!);
        }

        if (!SaeId.TryCreate(peerText.Value, out SaeId peer))
        {
            return Result<TradeConfig>.Fail("$.peer_sae_id is not a valid SAE ID.");
        }

        if (!root.TryGetProperty("kme", out JsonElement kme) || kme.ValueKind != JsonValueKind.Object)
        {
            return Result<TradeConfig>.Fail("$.kme is missing (an object with url, kme_id, ca, certificate and key).");
        }

        Result<KmeConnection> connection = ParseKme(kme, folder);
        if (!connection.IsSuccess)
        {
            return Result<TradeConfig>.Fail(connection.Error!);
        }

        string addressField = investor ? "broker" : "listen";
        Result<string> addressText = Text(root, addressField, "$." + addressField);
        if (!addressText.IsSuccess)
        {
            return Result<TradeConfig>.Fail(addressText.Error!);
        }

        if (!IPEndPoint.TryParse(addressText.Value, out IPEndPoint? address) || address.Port == 0)
        {
            return Result<TradeConfig>.Fail($"$.{addressField}: '{addressText.Value}' is not an address with a port (e.g. 127.0.0.1:9878).");
        }

        string policyText = root.TryGetProperty("policy", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "wait";
        if (TradeCommands.ParsePolicy(policyText) is not { } policy)
        {
            return Result<TradeConfig>.Fail($"$.policy: '{policyText}' is not wait, aes or fail.");
        }

        int keySize = 8192;
        if (root.TryGetProperty("key_size_bits", out JsonElement k) && (!k.TryGetInt32(out keySize) || keySize < 256 || keySize % 8 != 0))
        {
            return Result<TradeConfig>.Fail("$.key_size_bits must be a whole multiple of 8, at least 256.");
        }

        int orders = 0;
        double rate = 0;
        if (investor)
        {
            if (!root.TryGetProperty("orders", out JsonElement o) || !o.TryGetInt32(out orders) || orders is < 1 or > 10_000_000)
            {
                return Result<TradeConfig>.Fail("$.orders must be a whole number from 1 to 10,000,000.");
            }

            if (!root.TryGetProperty("rate", out JsonElement r) || !r.TryGetDouble(out rate) || rate is < 1 or > 100_000)
            {
                return Result<TradeConfig>.Fail("$.rate must be 1 to 100,000 orders per second.");
            }
        }

        return new TradeConfig(sae, peer, connection.Value, address, policy, keySize, orders, rate);
    }

    private static Result<KmeConnection> ParseKme(JsonElement kme, string folder)
    {
        string[] fields = ["url", "kme_id", "ca", "certificate", "key"];
        var values = new Dictionary<string, string>();
        foreach (string field in fields)
        {
            Result<string> value = Text(kme, field, "$.kme." + field);
            if (!value.IsSuccess)
            {
                return Result<KmeConnection>.Fail(value.Error!);
            }

            values[field] = value.Value;
        }

        if (!Uri.TryCreate(values["url"], UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
        {
            return Result<KmeConnection>.Fail($"$.kme.url: '{values["url"]}' is not an https URL.");
        }

        foreach (string file in new[] { "ca", "certificate", "key" })
        {
            values[file] = Path.GetFullPath(values[file], folder);
            if (!File.Exists(values[file]))
            {
                return Result<KmeConnection>.Fail($"$.kme.{file}: {values[file]}: no such file.");
            }
        }

        string? pin = kme.TryGetProperty("sha256", out JsonElement s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        if (pin is not null && (pin.Length != 64 || !pin.All(char.IsAsciiHexDigit)))
        {
            return Result<KmeConnection>.Fail("$.kme.sha256 must be 64 hexadecimal digits (the KME certificate's SHA-256).");
        }

        return new KmeConnection(url, values["ca"], values["certificate"], values["key"], values["kme_id"], pin);
    }

    private static Result<string> Text(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : Result<string>.Fail($"{path} is missing or not a non-empty string.");

    /// <summary>For messages: the address as the user wrote it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"TradeConfig({Sae} -> {Peer}, {Address})");
}
