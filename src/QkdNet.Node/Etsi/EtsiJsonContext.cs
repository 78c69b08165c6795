using System.Text.Json.Serialization;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Compile-time JSON metadata of the ETSI bodies (no reflection-built serializers on the key path). The host adds it
/// to the HTTP JSON options beside its own context of Kx and admin bodies; <see cref="EtsiJson.Options"/> uses it.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(EtsiStatus))]
[JsonSerializable(typeof(EtsiKeyRequest))]
[JsonSerializable(typeof(EtsiKeyIds))]
[JsonSerializable(typeof(EtsiError))]
[JsonSerializable(typeof(int))]
internal sealed partial class EtsiJsonContext : JsonSerializerContext;
