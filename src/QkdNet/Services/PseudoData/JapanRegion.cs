namespace QkdNet.Services.PseudoData;

/// <summary>The ten regions the customer table draws from (the eight traditional regions, Hokuriku and Okinawa apart).</summary>
public enum JapanRegion
{
    Hokkaido = 1,
    Tohoku,
    Kanto,
    Hokuriku,
    Chubu,
    Kinki,
    Chugoku,
    Shikoku,
    Kyushu,
    Okinawa,
}
