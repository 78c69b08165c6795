using QkdNet.KeyManagement;

namespace QkdNet.Node.Kx;

/// <summary>Converts a <see cref="ReservationDescriptor"/> to and from its Kx wire form (no key bytes either way).</summary>
public static class KxReservationMapping
{
    /// <summary>The wire form.</summary>
    public static KxReservation ToWire(ReservationDescriptor reservation)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        return new KxReservation(
            reservation.Link.Value,
            reservation.MasterSae.Value,
            [.. reservation.SlaveSaes.Select(s => s.Value)],
            reservation.ExpiresAt.ToUnixTimeMilliseconds(),
            [.. reservation.Keys.Select(k => new KxKeyAllocation(k.KeyId.Value, k.Block.Value, k.OffsetBytes, k.LengthBytes))]);
    }

    /// <summary>Parses every identifier of <paramref name="wire"/>; false when any is malformed or missing.</summary>
    public static bool TryParse(KxReservation? wire, out ReservationDescriptor reservation)
    {
        reservation = null!;
        if (wire is null || !LinkId.TryCreate(wire.Pool, out LinkId pool) || !SaeId.TryCreate(wire.MasterSae, out SaeId master)
            || wire.SlaveSaes is null || wire.Keys is null)
        {
            return false;
        }

        var slaves = new List<SaeId>(wire.SlaveSaes.Count);
        foreach (string text in wire.SlaveSaes)
        {
            if (!SaeId.TryCreate(text, out SaeId slave))
            {
                return false;
            }

            slaves.Add(slave);
        }

        var keys = new List<KeyAllocation>(wire.Keys.Count);
        foreach (KxKeyAllocation k in wire.Keys)
        {
            if (k is null || !KeyId.TryCreate(k.KeyId, out KeyId id) || !BlockId.TryCreate(k.Block, out BlockId block))
            {
                return false;
            }

            keys.Add(new KeyAllocation(id, block, k.Offset, k.Length));
        }

        reservation = new ReservationDescriptor(pool, master, slaves, DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(wire.ExpiresAtUnixMilliseconds, 0, 253402300799999)), keys);
        return true;
    }
}
