using QkdNet.KeyManagement.Audit;

namespace QkdNet.KeyManagement.Storage;

/// <summary>What the audit logic needs from a key store: its chain head, a hook for fault tests, and the audit rows' reads and writes (on the writer).</summary>
internal interface IAuditedStore : ISealableStore
{
    /// <summary>The chain's head as the writer knows it.</summary>
    AuditHead AuditHead { get; }

    /// <summary>The store's clock.</summary>
    TimeProvider Time { get; }

    /// <summary>Called before each audit write (tests inject faults here); null in production.</summary>
    Action<AuditEventKind>? BeforeAuditWrite { get; }

    /// <summary>Inserts one audit record, inside the batch's transaction.</summary>
    void InsertAudit(long sequence, long at, string kind, string subject, string detail, byte[] previousHash, byte[] hash);

    /// <summary>Feeds every stored record, in sequence order, to <paramref name="chain"/>; returns the first break it reports, else null.</summary>
    AuditVerification? ReadAuditChain(AuditChainReader chain);

    /// <summary>The newest record's sequence and hash; null when the chain is empty.</summary>
    (long Sequence, byte[] Hash)? ReadAuditTail();

    /// <summary>A named metadata value; null when none is stored.</summary>
    byte[]? ReadMeta(string name);
}

/// <summary>The audit chain's head as a store's writer knows it: the newest record and the sequence last signed.</summary>
internal sealed class AuditHead
{
    public long Sequence { get; set; }

    public byte[] Hash { get; set; } = [];

    public long SignedSequence { get; set; }
}

/// <summary>Appending to, signing and verifying a store's hash-chained audit log, the same for every store.</summary>
internal static class StoreAudit
{
    private const string HeadName = "audit.head";

    /// <summary>Appends one record to the chain, inside the batch's transaction; a failure fails the request.</summary>
    public static void Append(IAuditedStore store, AuditEventKind kind, string subject, string detail)
    {
        store.BeforeAuditWrite?.Invoke(kind);
        AuditHead head = store.AuditHead;
        long sequence = head.Sequence + 1;
        long at = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        string kindName = kind.ToString();
        byte[] hash = AuditChain.ComputeHash(head.Hash, sequence, at, kindName, subject, detail);
        store.InsertAudit(sequence, at, kindName, subject, detail, head.Hash, hash);
        head.Sequence = sequence;
        head.Hash = hash;
    }

    /// <summary>
    /// Signs the chain's head (sequence and hash) with a key derived from the master key, once per batch, so
    /// deleting the newest records (which leaves a valid shorter chain) is caught too.
    /// </summary>
    public static void WriteHeadIfMoved(IAuditedStore store)
    {
        AuditHead head = store.AuditHead;
        if (head.Sequence != head.SignedSequence && store.Cipher is { } cipher)
        {
            store.WriteMeta(HeadName, AuditChainReader.SignHead(cipher.MasterKey, head.Sequence, head.Hash));
            head.SignedSequence = head.Sequence;
        }
    }

    /// <summary>Reloads the head from the stored chain (at open and after a rollback).</summary>
    public static void LoadHead(IAuditedStore store)
    {
        AuditHead head = store.AuditHead;
        if (store.ReadAuditTail() is (long sequence, byte[] hash))
        {
            head.Sequence = sequence;
            head.Hash = hash;
        }
        else
        {
            head.Sequence = 0;
            head.Hash = AuditChain.Genesis.ToArray();
        }

        head.SignedSequence = head.Sequence;
    }

    /// <summary>Verifies the whole chain on the writer, so it sees every committed record and nothing half-written.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAuditedStore store, CancellationToken cancellationToken)
    {
        Result<AuditVerification, KeyStoreFailure> result = await store.Enqueue(
            () => Result<AuditVerification, KeyStoreFailure>.Ok(Verify(store)), null, cancellationToken).ConfigureAwait(false);
        return result.TryGetValue(out AuditVerification? verification) ? verification : new AuditVerification(false, 0, null, result.Error!.Detail);
    }

    private static AuditVerification Verify(IAuditedStore store)
    {
        // requests earlier in this batch may have moved the head: sign it now, so it matches the records read below
        WriteHeadIfMoved(store);
        var chain = new AuditChainReader();
        if (store.ReadAuditChain(chain) is { } broken)
        {
            return broken;
        }

        return chain.Finish(store.Cipher?.MasterKey, store.Cipher is null ? null : store.ReadMeta(HeadName));
    }
}
