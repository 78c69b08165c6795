namespace QkdNet.KeyManagement.Audit;

/// <summary>A state change the audit log records. The stored name is the member name.</summary>
public enum AuditEventKind
{
    /// <summary>The master key was created and the seal written.</summary>
    Initialize,

    /// <summary>The store was unsealed.</summary>
    Unseal,

    /// <summary>A block of link material was ingested.</summary>
    Ingest,

    /// <summary>Keys were reserved on the master side (and delivered to the master SAE).</summary>
    Reserve,

    /// <summary>A peer's reservation was imported on the slave side.</summary>
    Import,

    /// <summary>Keys were delivered to a slave SAE.</summary>
    Deliver,

    /// <summary>Unfetched keys passed their expiry and were destroyed.</summary>
    Expire,

    /// <summary>Keys delivered to every role were destroyed.</summary>
    Destroy,
}
