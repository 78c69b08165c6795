using QkdNet.Primitives;

namespace QkdNet.Quantum;

/// <summary>
/// A block of secret key held identically at both ends of a link. Owns <see cref="Key"/>: the
/// consumer clears it (<see cref="BitString.Clear"/>) once the bits are stored elsewhere.
/// </summary>
/// <param name="BlockId">The ID both ends know the block by.</param>
/// <param name="Key">The secret bits.</param>
/// <param name="Qber">QBER measured for the block.</param>
/// <param name="IsKeyGrade">
/// True only when every secret choice behind the block came from a cryptographic generator. A
/// block from a seeded research simulation is reproducible and must never enter a key store.
/// </param>
/// <param name="Origin">Where the bits come from: a QKD device, the simulation, or no QKD at all.</param>
public sealed record SecretKeyBlock(Guid BlockId, BitString Key, Qber Qber, bool IsKeyGrade, KeyOrigin Origin)
{
    /// <summary>Shows the ID and size, never the bits.</summary>
    public override string ToString() => $"SecretKeyBlock({BlockId}, {Key.Length} bits, QBER {Qber.Fraction:P2}, {Origin}{(IsKeyGrade ? string.Empty : ", research only")})";
}
