using System.Text.Json.Serialization;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Hosting;

/// <summary>
/// Compile-time JSON metadata of the Kx and admin bodies the KME reads or writes (the ETSI bodies have their own,
/// <see cref="Etsi.EtsiJsonContext"/>, which the host chains before this one), so
/// no request pays for reflection-built serializers (and the first requests after start pay no warm-up).
/// Property names come from each type's <c>[JsonPropertyName]</c>; the options that use it decide the rest.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(KxReservation))]
[JsonSerializable(typeof(KxReservationBatch))]
[JsonSerializable(typeof(KxBatchOutcome))]
[JsonSerializable(typeof(KxBlock))]
[JsonSerializable(typeof(KxDeviceBlock))]
[JsonSerializable(typeof(UnsealRequest))]
[JsonSerializable(typeof(UnsealAnswer))]
[JsonSerializable(typeof(ReadinessAnswer))]
[JsonSerializable(typeof(int))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;
