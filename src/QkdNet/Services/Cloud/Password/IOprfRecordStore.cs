namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Where a share server keeps its TOPPSS records, one per user. Changes are compare-and-swap on the epoch, so two
/// concurrent refreshes cannot both apply. Implementations are thread-safe and keep the records as key material.
/// </summary>
public interface IOprfRecordStore
{
    /// <summary>A copy of the user's record, or null; the caller disposes the copy.</summary>
    OprfServerRecord? Get(UserId user);

    /// <summary>Adds a copy of a record for a user the store does not hold; false when it holds one.</summary>
    bool TryAdd(OprfServerRecord record);

    /// <summary>Replaces the user's record if it is still at <paramref name="expectedEpoch"/>; false otherwise.</summary>
    bool TryReplace(long expectedEpoch, OprfServerRecord replacement);

    /// <summary>Removes the user's record if it is still at <paramref name="expectedEpoch"/>; false otherwise.</summary>
    bool TryRemove(UserId user, long expectedEpoch);
}
