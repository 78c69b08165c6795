using System.Globalization;
using System.Text;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// Request checks and SAE-list helpers that do not depend on the storage engine, for every
/// <see cref="IKeyStore"/> implementation. A check returns null when the value is fine, else the detail of
/// an <see cref="KeyStoreError.InvalidRequest"/>. Thread-safe (stateless).
/// </summary>
internal static class KeyStoreRules
{
    public static string? CheckSaes(SaeId master, IReadOnlyList<SaeId>? slaves, int maxSlaves)
    {
        if (master == default || slaves is null || slaves.Count == 0 || slaves.Count > maxSlaves)
        {
            return string.Create(CultureInfo.InvariantCulture, $"A key needs a master SAE and 1 to {maxSlaves} slave SAEs.");
        }

        var seen = new HashSet<SaeId>();
        foreach (SaeId slave in slaves)
        {
            if (slave == default || !seen.Add(slave))
            {
                return "The slave SAE IDs must be distinct.";
            }
        }

        return null;
    }

    public static string? CheckCount(int count, int maxKeysPerRequest) =>
        count < 1 || count > maxKeysPerRequest
            ? string.Create(CultureInfo.InvariantCulture, $"The number of keys must be 1 to {maxKeysPerRequest}.")
            : null;

    public static string? CheckSizeBits(int sizeBits, int maxKeySizeBits) =>
        sizeBits < 8 || sizeBits > maxKeySizeBits || sizeBits % 8 != 0
            ? string.Create(CultureInfo.InvariantCulture, $"The key size must be a multiple of 8 from 8 to {maxKeySizeBits} bits.")
            : null;

    /// <summary>SAE IDs cannot contain a comma (<see cref="IdentifierRules"/>), so a list is stored comma-separated.</summary>
    public static string JoinSaes(IEnumerable<SaeId> saes) => string.Join(',', saes.Select(s => s.Value));

    public static bool ListContains(string list, SaeId sae)
    {
        foreach (Range range in list.AsSpan().Split(','))
        {
            if (list.AsSpan()[range].SequenceEqual(sae.Value))
            {
                return true;
            }
        }

        return false;
    }

    public static string ListWithout(string list, SaeId sae)
    {
        var builder = new StringBuilder(list.Length);
        foreach (Range range in list.AsSpan().Split(','))
        {
            ReadOnlySpan<char> item = list.AsSpan()[range];
            if (!item.IsEmpty && !item.SequenceEqual(sae.Value))
            {
                builder.Append(builder.Length == 0 ? string.Empty : ",").Append(item);
            }
        }

        return builder.ToString();
    }

    /// <summary>The audit form of allocations: <c>id@block:offset+length</c>, comma-separated (no key bytes).</summary>
    public static string DescribeKeys(IEnumerable<KeyAllocation> keys) =>
        string.Join(',', keys.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.KeyId}@{k.Block}:{k.OffsetBytes}+{k.LengthBytes}")));
}
