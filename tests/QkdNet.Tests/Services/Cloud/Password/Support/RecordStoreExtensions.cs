using QkdNet.Services.Cloud.Password;

namespace QkdNet.Tests.Services.Cloud.Password.Support;

public static class RecordStoreExtensions
{
    /// <summary>Adds a copy of <paramref name="record"/> (what a thief who copied a server's storage holds) and disposes the caller's.</summary>
    public static bool AddCopy(this IOprfRecordStore store, OprfServerRecord record)
    {
        using (record)
        {
            return store.TryAdd(record);
        }
    }
}
