namespace QkdNet.KeyManagement.Relay;

/// <summary>The store names relay uses: pseudo-SAEs for pad keys and the pool that receives relayed keys.</summary>
public static class RelayNames
{
    /// <summary>Prefix of the pseudo-SAE names under which a KME reserves and imports relay pads (no real SAE may use it).</summary>
    public const string SaePrefix = "kx-relay.";

    /// <summary>The pseudo-SAE that stands for KME <paramref name="kme"/> in pad reservations.</summary>
    public static SaeId PadSae(KmeId kme) => SaeId.Create(SaePrefix + kme.Value);

    /// <summary>The pool at <paramref name="self"/> into which relayed keys are ingested before they are imported for their slaves.</summary>
    public static LinkId InboundPool(KmeId self) => LinkId.Create("relayed." + self.Value);

    /// <summary>The block that carries one relayed key (one per relay: its ID is unique).</summary>
    public static BlockId InboundBlock(Guid relayId) => BlockId.Create("relay-" + relayId.ToString("N"));
}
