using System.Text.Json.Serialization;

namespace QkdNet.Node.Kx;

/// <summary>Several reservations imported by one Kx request (<c>POST /kx/v1/reservations/batch</c>). No key bytes.</summary>
public sealed record KxReservationBatch([property: JsonPropertyName("reservations")] IReadOnlyList<KxReservation> Reservations);

/// <summary>The answer to a <see cref="KxReservationBatch"/>: per reservation, in order, null when imported or why not.</summary>
public sealed record KxBatchOutcome([property: JsonPropertyName("failures")] IReadOnlyList<string?> Failures);
