using System.Collections.Concurrent;
using QkdNet.KeyManagement.Pools;

namespace QkdNet.KeyManagement.Relay;

/// <summary>
/// <see cref="IRelayPadSource"/> over the node's durable key store, provisioned in batches so that a relay hop costs
/// no store write: the sender reserves a batch of pads from its own pool of the link in one transaction
/// (<see cref="ReserveBatchAsync"/>), the receiver imports exactly those bytes and fetches them once, in two
/// transactions (<see cref="AcceptBatchAsync"/>), and only when the receiver confirmed does the sender stock them
/// (<see cref="Stock"/>). Both ends then hold the same pads in memory, each consumed in the store for good, used by
/// one hop (<see cref="Take"/>, <see cref="Claim"/>) and zeroed. A crash loses the stock: key wasted, never reused.
/// Thread-safe.
/// </summary>
public sealed class StoreRelayPads(IKeyStore store, KmeId self) : IRelayPadSource, IDisposable
{
    private readonly ConcurrentDictionary<(LinkId, KmeId, int), ConcurrentQueue<RelayPad>> _outgoing = new();
    private readonly ConcurrentDictionary<KeyId, (LinkId Link, KmeId From, RelayPad Pad)> _incoming = new();

    /// <summary>Pads of <paramref name="byteCount"/> bytes stocked towards <paramref name="peer"/> over <paramref name="link"/>.</summary>
    public int Stocked(LinkId link, KmeId peer, int byteCount) => _outgoing.TryGetValue((link, peer, byteCount), out var q) ? q.Count : 0;

    /// <summary>Pads stocked per link direction (all sizes together), for <c>/metrics</c>.</summary>
    public IReadOnlyList<(LinkId Link, KmeId Peer, int Pads)> StockLevels() =>
        [.. _outgoing.GroupBy(kv => (kv.Key.Item1, kv.Key.Item2)).Select(g => (g.Key.Item1, g.Key.Item2, g.Sum(kv => kv.Value.Count)))
            .OrderBy(l => l.Item1.Value, StringComparer.Ordinal).ThenBy(l => l.Item2.Value, StringComparer.Ordinal)];

    /// <summary>
    /// Sender side: reserves <paramref name="count"/> pads of <paramref name="byteCount"/> bytes (fewer when the store's
    /// request limit is lower). Returns the pads, not yet usable, and what the peer must import; or why not.
    /// </summary>
    public async Task<Result<(List<RelayPad> Pads, ReservationDescriptor Descriptor)>> ReserveBatchAsync(LinkId link, KmeId peer, int byteCount, int count, CancellationToken cancellationToken)
    {
        (int keysPerPad, int keyBytes, int padsPerKey) = Layout(byteCount);
        int keys = keysPerPad * Math.Max(1, Math.Min((count + padsPerKey - 1) / padsPerKey, store.MaxKeysPerRequest / keysPerPad));
        Result<Reservation, KeyStoreFailure> reserved;
        while (true)
        {
            reserved = await store.ReserveAsync(
                new ReserveRequest(LinkPools.PoolOf(link, self), RelayNames.PadSae(self), [RelayNames.PadSae(peer)], keys, keyBytes * 8, KeyDeliveryScope.Remote),
                cancellationToken).ConfigureAwait(false);

            // a pool too low for a whole batch still yields a smaller one (a failed reservation consumes nothing)
            if (reserved.IsSuccess || reserved.Error?.Code != KeyStoreError.InsufficientKeyMaterial || keys == keysPerPad)
            {
                break;
            }

            keys = keysPerPad * Math.Max(1, keys / keysPerPad / 2);
        }

        if (!reserved.TryGetValue(out Reservation? reservation))
        {
            return Result<(List<RelayPad>, ReservationDescriptor)>.Fail($"{reserved.Error}");
        }

        return (Split(reservation.Keys, keysPerPad, padsPerKey, byteCount), reservation.Descriptor);
    }

    /// <summary>Sender side: makes pads the peer confirmed usable by <see cref="Take"/>.</summary>
    public void Stock(LinkId link, KmeId peer, int byteCount, IEnumerable<RelayPad> pads)
    {
        ConcurrentQueue<RelayPad> queue = _outgoing.GetOrAdd((link, peer, byteCount), static _ => new ConcurrentQueue<RelayPad>());
        foreach (RelayPad pad in pads)
        {
            queue.Enqueue(pad);
        }
    }

    /// <summary>
    /// Receiver side: imports <paramref name="descriptor"/> (it must name the sender's pool of <paramref name="link"/> and the
    /// two KMEs' pad SAEs), fetches the bytes at once and holds them as pads of <paramref name="byteCount"/> bytes for
    /// <see cref="Claim"/>. Fails when the material is unknown or was used before, consuming nothing.
    /// </summary>
    public async Task<Result<int>> AcceptBatchAsync(LinkId link, KmeId from, ReservationDescriptor descriptor, int byteCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        (int keysPerPad, int keyBytes, int padsPerKey) = Layout(byteCount);
        if (descriptor.Link != LinkPools.PoolOf(link, from) || descriptor.MasterSae != RelayNames.PadSae(from)
            || descriptor.SlaveSaes.Count != 1 || descriptor.SlaveSaes[0] != RelayNames.PadSae(self)
            || descriptor.Keys.Count == 0 || descriptor.Keys.Count % keysPerPad != 0 || descriptor.Keys.Any(k => k.LengthBytes != keyBytes))
        {
            return Result<int>.Fail($"the pad reservation does not name pads of {byteCount} bytes from pool '{LinkPools.PoolOf(link, from)}' between '{from}' and '{self}'.");
        }

        Result<int, KeyStoreFailure> imported = await store.ImportAsync(descriptor, cancellationToken).ConfigureAwait(false);
        if (!imported.IsSuccess)
        {
            return Result<int>.Fail($"{imported.Error}");
        }

        Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await store.FetchAsync(
            new FetchRequest(RelayNames.PadSae(self), RelayNames.PadSae(from), [.. descriptor.Keys.Select(k => k.KeyId)]), cancellationToken).ConfigureAwait(false);
        if (!fetched.TryGetValue(out IReadOnlyList<DeliveredKey>? delivered))
        {
            return Result<int>.Fail($"{fetched.Error}");
        }

        List<RelayPad> pads = Split(delivered, keysPerPad, padsPerKey, byteCount);
        foreach (RelayPad pad in pads)
        {
            if (!_incoming.TryAdd(pad.KeyIds[0], (link, from, pad)))
            {
                pad.Dispose();
            }
        }

        return pads.Count;
    }

    /// <inheritdoc />
    public Result<RelayPad> Take(LinkId link, KmeId peer, int byteCount) =>
        _outgoing.TryGetValue((link, peer, byteCount), out ConcurrentQueue<RelayPad>? queue) && queue.TryDequeue(out RelayPad? pad)
            ? pad
            : Result<RelayPad>.Fail($"no pad of {byteCount} bytes is stocked towards '{peer}'.");

    /// <inheritdoc />
    public Result<RelayPad> Claim(LinkId link, KmeId peer, IReadOnlyList<KeyId> keyIds, int byteCount)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        if (keyIds.Count == 0 || !_incoming.TryRemove(keyIds[0], out var held))
        {
            return Result<RelayPad>.Fail("the message names pad keys this node does not hold (unknown, or used already).");
        }

        if (held.Link != link || held.From != peer || !held.Pad.KeyIds.SequenceEqual(keyIds) || held.Pad.Length != byteCount)
        {
            // burnt either way: a message that names a pad wrongly never gets a second try with it
            held.Pad.Dispose();
            return Result<RelayPad>.Fail("the message names pad keys of another link, peer or length.");
        }

        return held.Pad;
    }

    /// <summary>Sender side: zeroes every pad stocked towards <paramref name="peer"/> over <paramref name="link"/> (the peer lost its copies, e.g. it restarted); returns how many.</summary>
    public int Flush(LinkId link, KmeId peer)
    {
        int flushed = 0;
        foreach (((LinkId l, KmeId p, int _), ConcurrentQueue<RelayPad> queue) in _outgoing)
        {
            if (l == link && p == peer)
            {
                while (queue.TryDequeue(out RelayPad? pad))
                {
                    pad.Dispose();
                    flushed++;
                }
            }
        }

        return flushed;
    }

    /// <summary>Zeroes every pad held.</summary>
    public void Dispose()
    {
        foreach (ConcurrentQueue<RelayPad> queue in _outgoing.Values)
        {
            while (queue.TryDequeue(out RelayPad? pad))
            {
                pad.Dispose();
            }
        }

        foreach (KeyId id in _incoming.Keys)
        {
            if (_incoming.TryRemove(id, out var held))
            {
                held.Pad.Dispose();
            }
        }
    }

    /// <summary>
    /// How pads map onto store keys. A pad larger than the store's key size limit spans several keys. Smaller pads are
    /// packed, as many as fit, into one key: a batch then costs a row, a seal and a key ID in the store per key instead of
    /// per pad (measured on the 3-hop relay chain, a batch of one key per pad made the relay that met a refill the slow one).
    /// </summary>
    private (int KeysPerPad, int KeyBytes, int PadsPerKey) Layout(int byteCount)
    {
        int maxBytes = store.MaxKeySizeBits / 8;
        if (byteCount <= maxBytes)
        {
            int padsPerKey = maxBytes / byteCount;
            return (1, padsPerKey * byteCount, padsPerKey);
        }

        int keys = (byteCount + maxBytes - 1) / maxBytes;
        return (keys, maxBytes, 1);
    }

    /// <summary>
    /// The ID a pad is named by on the wire: the key's own ID when a pad is the whole key (or spans keys); for the
    /// <paramref name="index"/>-th pad packed in a key, an ID both ends derive from the key's ID (SHA-256 of the ID and
    /// the index, cut to a version-4-shaped UUID), so pads of one key are told apart without a wire change.
    /// </summary>
    internal static KeyId PadId(KeyId key, int index, int padsPerKey)
    {
        if (padsPerKey == 1)
        {
            return key;
        }

        Span<byte> input = stackalloc byte[KeyId.ByteLength + sizeof(int)];
        key.WriteBytes(input);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(input[KeyId.ByteLength..], index);
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(input, digest);
        digest[6] = (byte)((digest[6] & 0x0F) | 0x40);
        digest[8] = (byte)((digest[8] & 0x3F) | 0x80);
        return KeyId.TryRead(digest[..KeyId.ByteLength], out KeyId id) ? id : key;
    }

    private static List<RelayPad> Split(IReadOnlyList<DeliveredKey> keys, int keysPerPad, int padsPerKey, int byteCount)
    {
        var pads = new List<RelayPad>(keys.Count / keysPerPad * padsPerKey);
        if (keysPerPad == 1)
        {
            // one or more pads per key (one pad: its ID is the key's own)
            foreach (DeliveredKey key in keys)
            {
                for (int j = 0; j < padsPerKey && (j + 1) * byteCount <= key.Material.Length; j++)
                {
                    byte[] bytes = key.Material.Span.Slice(j * byteCount, byteCount).ToArray();
                    pads.Add(RelayPad.TakeOwnership([PadId(key.Id, j, padsPerKey)], bytes));
                }
            }
        }
        else
        {
            // a pad larger than the store's largest key spans keysPerPad keys
            for (int first = 0; first + keysPerPad <= keys.Count; first += keysPerPad)
            {
                byte[] bytes = new byte[byteCount];
                int at = 0;
                for (int k = first; k < first + keysPerPad; k++)
                {
                    int n = Math.Min(keys[k].Material.Length, byteCount - at);
                    keys[k].Material.Span[..n].CopyTo(bytes.AsSpan(at));
                    at += n;
                }

                pads.Add(RelayPad.TakeOwnership([.. keys.Skip(first).Take(keysPerPad).Select(k => k.Id)], bytes));
            }
        }

        foreach (DeliveredKey key in keys)
        {
            key.Material.Dispose();
        }

        return pads;
    }
}
