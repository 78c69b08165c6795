namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    private string? CheckSaes(SaeId master, IReadOnlyList<SaeId>? slaves) => KeyStoreRules.CheckSaes(master, slaves, _options.MaxSlavesPerKey);

    private string? CheckCount(int count) => KeyStoreRules.CheckCount(count, _options.MaxKeysPerRequest);

    private string? CheckSizeBits(int sizeBits) => KeyStoreRules.CheckSizeBits(sizeBits, _options.MaxKeySizeBits);

    private static string JoinSaes(IEnumerable<SaeId> saes) => KeyStoreRules.JoinSaes(saes);

    private static bool ListContains(string list, SaeId sae) => KeyStoreRules.ListContains(list, sae);

    private static string ListWithout(string list, SaeId sae) => KeyStoreRules.ListWithout(list, sae);

    private static string DescribeKeys(IEnumerable<KeyAllocation> keys) => KeyStoreRules.DescribeKeys(keys);
}
