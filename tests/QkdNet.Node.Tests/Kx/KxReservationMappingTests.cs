using QkdNet.KeyManagement;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Tests.Kx;

public sealed class KxReservationMappingTests
{
    private static readonly ReservationDescriptor Reservation = new(
        LinkId.Create("link-ab.kme-a"),
        SaeId.Create("sae-a"),
        [SaeId.Create("sae-b"), SaeId.Create("sae-c")],
        new DateTimeOffset(2026, 12, 3, 9, 0, 0, 123, TimeSpan.Zero),
        [new KeyAllocation(KeyId.New(), BlockId.Create("b0"), 0, 32), new KeyAllocation(KeyId.New(), BlockId.Create("b1"), 64, 16)]);

    [Fact]
    public void ToWireThenTryParse_GivesBackTheSameReservation()
    {
        Assert.True(KxReservationMapping.TryParse(KxReservationMapping.ToWire(Reservation), out ReservationDescriptor parsed));

        Assert.Equal(Reservation.Link, parsed.Link);
        Assert.Equal(Reservation.MasterSae, parsed.MasterSae);
        Assert.Equal(Reservation.SlaveSaes, parsed.SlaveSaes);
        Assert.Equal(Reservation.ExpiresAt, parsed.ExpiresAt);
        Assert.Equal(Reservation.Keys, parsed.Keys);
    }

    [Fact]
    public void TryParse_Null_False() => Assert.False(KxReservationMapping.TryParse(null, out _));

    [Theory]
    [InlineData("pool")]
    [InlineData("master")]
    [InlineData("slave")]
    [InlineData("block")]
    public void TryParse_OneMalformedIdentifier_False(string field)
    {
        KxReservation wire = KxReservationMapping.ToWire(Reservation);
        wire = field switch
        {
            "pool" => wire with { Pool = "" },
            "master" => wire with { MasterSae = new string('x', 1000) },
            "slave" => wire with { SlaveSaes = [.. wire.SlaveSaes, ""] },
            _ => wire with { Keys = [.. wire.Keys, wire.Keys[0] with { Block = "" }] },
        };

        Assert.False(KxReservationMapping.TryParse(wire, out _));
    }

    [Fact]
    public void TryParse_ExpiryBeyondTheCalendar_ClampedNotThrown()
    {
        KxReservation wire = KxReservationMapping.ToWire(Reservation) with { ExpiresAtUnixMilliseconds = long.MaxValue };

        Assert.True(KxReservationMapping.TryParse(wire, out ReservationDescriptor parsed));
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), parsed.ExpiresAt.ToUnixTimeMilliseconds());
    }
}
