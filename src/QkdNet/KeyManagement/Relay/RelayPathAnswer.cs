namespace QkdNet.KeyManagement.Relay;

/// <summary>What one path of a relay answered its origin.</summary>
/// <param name="Stored">True when the destination says it stored the key (its last share came over this path).</param>
/// <param name="Confirmation">With <paramref name="Stored"/>: the destination's key-confirmation tag, or null when it sent none.</param>
public readonly record struct RelayPathAnswer(bool Stored, ulong? Confirmation);
