namespace QkdNet.KeyManagement.Sealing;

/// <summary>
/// Arithmetic in GF(2^8) with the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B). Addition is XOR.
/// Multiplication runs in constant time (no tables indexed by secret values, no secret branches),
/// because every operand here is a share of a master key.
/// </summary>
internal static class Gf256
{
    public static byte Multiply(byte a, byte b)
    {
        int x = a;
        int y = b;
        int product = 0;
        for (int i = 0; i < 8; i++)
        {
            product ^= -(y & 1) & x;          // add x when the low bit of y is set, without a branch
            int carry = -((x >> 7) & 1);
            x = ((x << 1) ^ (carry & 0x11B)) & 0xFF;
            y >>= 1;
        }

        return (byte)product;
    }

    /// <summary>The multiplicative inverse, a^254 (a^255 = 1 for a != 0); maps 0 to 0.</summary>
    public static byte Inverse(byte a)
    {
        byte result = 1;
        byte power = a;
        for (int bit = 0; bit < 8; bit++)
        {
            // 254 = 0b11111110: multiply in a^(2^bit) for bits 1..7, in constant time
            byte factor = bit == 0 ? (byte)1 : power;
            result = Multiply(result, factor);
            power = Multiply(power, power);
        }

        return result;
    }
}
