using QkdNet.KeyManagement.Audit;

namespace QkdNet.Tests.KeyManagement.Audit;

public sealed class AuditChainTests
{
    private const string Detail = "master=sae-a0;slave=sae-b0;keys=0190f5c1-0000-7000-8000-000000000001,\u00e9";

    [Fact]
    public void ComputeHash_IsSha256OfTheLengthPrefixedFields_KnownAnswer()
    {
        // SHA-256(H(n-1) | be64 n | be64 time | be32 len "Deliver" | ... ), computed independently (Python hashlib), so
        // chains written by earlier builds still verify
        byte[] hash = AuditChain.ComputeHash(AuditChain.Genesis, 7, 1_764_720_000_123, "Deliver", "link-a-b", Detail);

        Assert.Equal("3275FDF8ED518A65014746BE32CA4FB12F207D678066FED271D09451B87DE7D6", Convert.ToHexString(hash));
    }

    [Fact]
    public void ComputeHash_MovingABoundaryBetweenFields_ChangesTheHash()
    {
        byte[] a = AuditChain.ComputeHash(AuditChain.Genesis, 1, 0, "Reserve", "ab", "c");
        byte[] b = AuditChain.ComputeHash(AuditChain.Genesis, 1, 0, "Reserve", "a", "bc");

        Assert.NotEqual(Convert.ToHexString(a), Convert.ToHexString(b));
    }
}
