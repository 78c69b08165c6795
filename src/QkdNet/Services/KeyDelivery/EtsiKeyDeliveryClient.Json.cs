using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using QkdNet.KeyManagement;

namespace QkdNet.Services.KeyDelivery;

// The JSON of ETSI GS QKD 014 clause 6, written and read by hand: a key container is parsed straight from the
// response bytes so each key's base64 text is decoded into an array that is zeroed, never into a string.
public sealed partial class EtsiKeyDeliveryClient
{
    private static byte[] EncKeysBody(int? number, int? sizeBits, IReadOnlyList<SaeId>? additionalSlaves)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (number is { } n)
            {
                writer.WriteNumber("number", n);
            }

            if (sizeBits is { } s)
            {
                writer.WriteNumber("size", s);
            }

            if (additionalSlaves is { Count: > 0 })
            {
                writer.WriteStartArray("additional_slave_SAE_IDs");
                foreach (SaeId sae in additionalSlaves)
                {
                    writer.WriteStringValue(sae.Value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static byte[] DecKeysBody(IReadOnlyList<KeyId> ids)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("key_IDs");
            foreach (KeyId id in ids)
            {
                writer.WriteStartObject();
                writer.WriteString("key_ID", id.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static Result<KmeStatus, KeyDeliveryError> ReadStatus(byte[] body, int length)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body.AsMemory(0, length));
            JsonElement root = document.RootElement;
            return Result<KmeStatus, KeyDeliveryError>.Ok(new KmeStatus(
                root.GetProperty("source_KME_ID").GetString()!,
                root.GetProperty("target_KME_ID").GetString()!,
                root.GetProperty("master_SAE_ID").GetString()!,
                root.GetProperty("slave_SAE_ID").GetString()!,
                root.GetProperty("key_size").GetInt32(),
                root.GetProperty("stored_key_count").GetInt64(),
                root.GetProperty("max_key_count").GetInt64(),
                root.GetProperty("max_key_per_request").GetInt32(),
                root.GetProperty("max_key_size").GetInt32(),
                root.GetProperty("min_key_size").GetInt32(),
                root.GetProperty("max_SAE_ID_count").GetInt32()));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return Result<KmeStatus, KeyDeliveryError>.Fail(Invalid("status is not the object of clause 6.1: " + e.Message));
        }
    }

    /// <summary>
    /// The keys of a key container (clause 6.3), checked against the request: <paramref name="expectedCount"/> keys
    /// when set, each <paramref name="sizeBits"/> long when set, exactly the distinct <paramref name="expectedIds"/> when set.
    /// </summary>
    private static Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> ReadKeys(byte[] body, int length, int? expectedCount, int? sizeBits, IReadOnlyList<KeyId>? expectedIds)
    {
        var keys = new List<DeliveredKey>();
        string? problem;
        try
        {
            problem = ParseContainer(body.AsSpan(0, length), keys);
        }
        catch (JsonException e)
        {
            problem = "the key container is not JSON: " + e.Message;
        }

        problem ??= Check(keys, expectedCount, sizeBits, expectedIds);
        if (problem is null)
        {
            return Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Ok(keys);
        }

        foreach (DeliveredKey key in keys)
        {
            key.Material.Dispose();
        }

        return Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>.Fail(Invalid(problem));
    }

    private static string? Check(List<DeliveredKey> keys, int? expectedCount, int? sizeBits, IReadOnlyList<KeyId>? expectedIds)
    {
        if (keys.Count == 0 || (expectedCount is { } n && keys.Count != n))
        {
            return $"the key container holds {keys.Count} keys, {expectedCount ?? 1} asked for";
        }

        if (sizeBits is { } bits && keys.Exists(k => k.Material.LengthBits != bits))
        {
            return $"a key is not {bits} bits long";
        }

        var seen = new HashSet<KeyId>();
        if (!keys.TrueForAll(k => seen.Add(k.Id)))
        {
            return "the key container repeats a key ID";
        }

        return expectedIds is not null && !seen.SetEquals(expectedIds) ? "the key container's key IDs are not the ones asked for" : null;
    }

    /// <summary>Adds each key of the container to <paramref name="keys"/>; the problem, or null.</summary>
    private static string? ParseContainer(ReadOnlySpan<byte> json, List<DeliveredKey> keys)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "the key container is not a JSON object";
        }

        bool sawKeys = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("keys"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            sawKeys = true;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return "keys is not an array";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (ReadKey(ref reader) is not { } key)
                {
                    return "a key lacks a valid key_ID or base64 key";
                }

                keys.Add(key);
            }
        }

        return sawKeys ? null : "the key container has no keys";
    }

    /// <summary>One key object, the reader on its start; null when its ID or key is missing or malformed.</summary>
    private static DeliveredKey? ReadKey(ref Utf8JsonReader reader)
    {
        KeyId? id = null;
        KeyMaterial? material = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("key_ID"u8))
            {
                reader.Read();
                id = reader.TokenType == JsonTokenType.String && KeyId.TryParse(reader.GetString(), out KeyId parsed) ? parsed : null;
            }
            else if (reader.ValueTextEquals("key"u8))
            {
                reader.Read();
                material?.Dispose();
                material = reader.TokenType == JsonTokenType.String ? DecodeKey(ref reader) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (id is { } keyId && material is not null)
        {
            return new DeliveredKey(keyId, material);
        }

        material?.Dispose();
        return null;
    }

    /// <summary>The base64 string under the reader as key material; null when it is not base64. Every temporary is zeroed.</summary>
    private static KeyMaterial? DecodeKey(ref Utf8JsonReader reader)
    {
        byte[] text = new byte[reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length];
        byte[] decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
        try
        {
            // CopyString undoes JSON escapes (an encoder may write '+' or '/' as \u002B or \u002F)
            int written = reader.CopyString(text);
            if (written == 0 || Base64.DecodeFromUtf8(text.AsSpan(0, written), decoded, out _, out int length) != System.Buffers.OperationStatus.Done || length == 0)
            {
                return null;
            }

            return KeyMaterial.CopyOf(decoded.AsSpan(0, length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
            CryptographicOperations.ZeroMemory(decoded);
        }
    }

    private static KeyDeliveryError Invalid(string problem) => new(KeyDeliveryErrorKind.InvalidResponse, 200, problem);
}
