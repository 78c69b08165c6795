namespace QkdNet.Tests.KeyManagement.Support;

/// <summary>Deterministic stand-in link material (seeded; the content matters to the comparisons, not to secrecy).</summary>
public static class TestMaterial
{
    public static byte[] Block(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
