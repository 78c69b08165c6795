using System.Collections.Concurrent;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Keys handed to each SAE of this node since start, as master (Get key) and as slave (Get key with key IDs), and
/// their bits: what the controller's dashboard shows as SAE usage. Counts only, never key material. Thread-safe.
/// </summary>
public sealed class SaeUsage
{
    private readonly ConcurrentDictionary<SaeId, Counts> _counts = new();

    /// <summary>Counts <paramref name="keys"/> handed to <paramref name="sae"/> as master.</summary>
    public void AddAsMaster(SaeId sae, IReadOnlyList<DeliveredKey> keys) => Add(sae, keys, master: true);

    /// <summary>Counts <paramref name="keys"/> handed to <paramref name="sae"/> as slave.</summary>
    public void AddAsSlave(SaeId sae, IReadOnlyList<DeliveredKey> keys) => Add(sae, keys, master: false);

    /// <summary>Each SAE that got keys: keys as master, keys as slave, and bits in all; ordered by SAE ID.</summary>
    public IReadOnlyList<(SaeId Sae, long KeysAsMaster, long KeysAsSlave, long Bits)> Snapshot() =>
        [.. _counts.OrderBy(c => c.Key.Value, StringComparer.Ordinal).Select(c => (c.Key, Interlocked.Read(ref c.Value.AsMaster), Interlocked.Read(ref c.Value.AsSlave), Interlocked.Read(ref c.Value.Bits)))];

    private void Add(SaeId sae, IReadOnlyList<DeliveredKey> keys, bool master)
    {
        Counts counts = _counts.GetOrAdd(sae, static _ => new Counts());
        Interlocked.Add(ref master ? ref counts.AsMaster : ref counts.AsSlave, keys.Count);
        Interlocked.Add(ref counts.Bits, keys.Sum(k => (long)k.Material.LengthBits));
    }

    private sealed class Counts
    {
#pragma warning disable SA1401, CA1051 // fields, so Interlocked can take them by reference
        public long AsMaster;
        public long AsSlave;
        public long Bits;
#pragma warning restore SA1401, CA1051
    }
}
