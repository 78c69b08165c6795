using System.Globalization;
using System.Text;

namespace QkdNet.KeyManagement.Storage;

public sealed partial class SqliteKeyStore
{
    private string? CheckSaes(SaeId master, IReadOnlyList<SaeId>? slaves)
    {
        if (master == default || slaves is null || slaves.Count == 0 || slaves.Count > _options.MaxSlavesPerKey)
        {
            return string.Create(CultureInfo.InvariantCulture, $"A key needs a master SAE and 1 to {_options.MaxSlavesPerKey} slave SAEs.");
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

    private string? CheckCount(int count) =>
        count < 1 || count > _options.MaxKeysPerRequest
            ? string.Create(CultureInfo.InvariantCulture, $"The number of keys must be 1 to {_options.MaxKeysPerRequest}.")
            : null;

    private string? CheckSizeBits(int sizeBits) =>
        sizeBits < 8 || sizeBits > _options.MaxKeySizeBits || sizeBits % 8 != 0
            ? string.Create(CultureInfo.InvariantCulture, $"The key size must be a multiple of 8 from 8 to {_options.MaxKeySizeBits} bits.")
            : null;

    /// <summary>SAE IDs cannot contain a comma (<see cref="IdentifierRules"/>), so a list is stored comma-separated.</summary>
    private static string JoinSaes(IEnumerable<SaeId> saes) => string.Join(',', saes.Select(s => s.Value));

    private static bool ListContains(string list, SaeId sae)
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

    private static string ListWithout(string list, SaeId sae)
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

    private static string DescribeKeys(IEnumerable<KeyAllocation> keys) =>
        string.Join(',', keys.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.KeyId}@{k.Block}:{k.OffsetBytes}+{k.LengthBytes}")));
}
