namespace QkdNet.KeyManagement.Storage;

/// <summary>The audit chain's head as a store's writer knows it: the newest record and the sequence last signed.</summary>
internal sealed class AuditHead
{
    public long Sequence { get; set; }

    public byte[] Hash { get; set; } = [];

    public long SignedSequence { get; set; }
}
