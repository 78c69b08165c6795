namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// A request waiting for the store's writer: executed inside a batch transaction, completed only after
/// the batch commits (so callers never see a result that is not durable).
/// </summary>
internal abstract class StoreOperation
{
    /// <summary>
    /// Whether a rollback of this request, even alone in its batch, must be followed by one more run of it alone
    /// (discarded, not failed, in the meantime); false for most requests.
    /// </summary>
    public virtual bool RetriesAfterRollback => false;

    /// <summary>Runs the request inside the open transaction; throws when the storage fails.</summary>
    public abstract void Execute();

    /// <summary>
    /// Every request of the batch ran and COMMIT comes next: a request may start work that should overlap the commit
    /// (the batch may still roll back after this). Does nothing by default.
    /// </summary>
    public virtual void Prepared()
    {
    }

    /// <summary>The transaction rolled back: drop the executed result (zeroing any key bytes) so it can run again.</summary>
    public abstract void Discard();

    /// <summary>The transaction committed: hand the result to the caller.</summary>
    public abstract void Complete();

    /// <summary>The request cannot be made durable: answer with <paramref name="error"/>.</summary>
    public abstract void Fail(KeyStoreError error, string detail);
}
