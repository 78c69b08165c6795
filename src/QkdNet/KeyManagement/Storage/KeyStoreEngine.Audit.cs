using System.Security.Cryptography;
using QkdNet.KeyManagement.Audit;
using QkdNet.KeyManagement.Encryption;

namespace QkdNet.KeyManagement.Storage;

// Appending to, signing and verifying the hash-chained audit log.
public partial class KeyStoreEngine
{
    private const string AuditHeadMetaName = "audit.head";
    private readonly AuditHead _auditHead = new();

    /// <summary>The head's MAC key under <see cref="_headKeyCipher"/>'s master key, derived once, not per batch. Writer only.</summary>
    private byte[]? _headKey;

    private RowCipher? _headKeyCipher;

    /// <inheritdoc />
    public async Task<AuditVerification> VerifyAuditChainAsync(CancellationToken cancellationToken = default)
    {
        // on the writer, so it sees every committed record and nothing half-written
        Result<AuditVerification, KeyStoreFailure> result = await Enqueue(
            () => Result<AuditVerification, KeyStoreFailure>.Ok(VerifyAuditChain()), null, cancellationToken).ConfigureAwait(false);
        return result.TryGetValue(out AuditVerification? verification) ? verification : new AuditVerification(false, 0, null, result.Error!.Detail);
    }

    /// <summary>Appends one record to the chain, inside the batch's transaction; a failure fails the request.</summary>
    private void AppendAudit(AuditEventKind kind, string subject, string detail)
    {
        _options.BeforeAuditWrite?.Invoke(kind);
        long sequence = _auditHead.Sequence + 1;
        long at = _time.GetUtcNow().ToUnixTimeMilliseconds();
        string kindName = kind.ToString();
        byte[] hash = AuditChain.ComputeHash(_auditHead.Hash, sequence, at, kindName, subject, detail);
        _backend.InsertAudit(new StoredAuditRecord(sequence, at, kindName, subject, detail, _auditHead.Hash, hash));
        _auditHead.Sequence = sequence;
        _auditHead.Hash = hash;
    }

    /// <summary>
    /// Signs the chain's head (sequence and hash) with a key derived from the master key, once per batch, so
    /// deleting the newest records (which leaves a valid shorter chain) is caught too.
    /// </summary>
    private void WriteAuditHeadIfMoved()
    {
        if (_auditHead.Sequence != _auditHead.SignedSequence && _cipher is { } cipher)
        {
            _backend.WriteMeta(AuditHeadMetaName, AuditChainReader.SignHead(HeadKeyFor(cipher), _auditHead.Sequence, _auditHead.Hash));
            _auditHead.SignedSequence = _auditHead.Sequence;
        }
    }

    private byte[] HeadKeyFor(RowCipher cipher)
    {
        if (!ReferenceEquals(_headKeyCipher, cipher) || _headKey is null)
        {
            ForgetHeadKey();
            _headKey = AuditChainReader.DeriveHeadKey(cipher.MasterKey);
            _headKeyCipher = cipher;
        }

        return _headKey;
    }

    /// <summary>Zeroes the cached head key (at seal and dispose, when the master key goes).</summary>
    private void ForgetHeadKey()
    {
        if (_headKey is not null)
        {
            CryptographicOperations.ZeroMemory(_headKey);
        }

        _headKey = null;
        _headKeyCipher = null;
    }

    /// <summary>Reloads the head from the stored chain (at open and after a rollback).</summary>
    private void LoadAuditHead()
    {
        if (_backend.ReadAuditTail() is (long sequence, byte[] hash))
        {
            _auditHead.Sequence = sequence;
            _auditHead.Hash = hash;
        }
        else
        {
            _auditHead.Sequence = 0;
            _auditHead.Hash = AuditChain.Genesis.ToArray();
        }

        _auditHead.SignedSequence = _auditHead.Sequence;
    }

    private AuditVerification VerifyAuditChain()
    {
        // requests earlier in this batch may have moved the head: sign it now, so it matches the records read below
        WriteAuditHeadIfMoved();
        var chain = new AuditChainReader();
        foreach (StoredAuditRecord record in _backend.ReadAudit())
        {
            if (chain.Add(record.Sequence, record.At, record.Kind, record.Subject, record.Detail, record.PreviousHash, record.Hash) is { } broken)
            {
                return broken;
            }
        }

        RowCipher? cipher = _cipher;
        return chain.Finish(cipher?.MasterKey, cipher is null ? null : _backend.ReadMeta(AuditHeadMetaName));
    }
}
