using System.Collections.Concurrent;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Links;

namespace QkdNet.Node.Relay;

/// <summary>
/// <see cref="IRelayPadSource"/> over the node's durable key store. The store is asynchronous and the relay
/// endpoint is not, so a pad is staged first and then handed over: the sender reserves link key from its own
/// pool of the link (<see cref="ReserveAsync"/>, then <see cref="Take"/>), the receiver imports exactly the
/// bytes the sender's reservation names and fetches them once (<see cref="ClaimAsync"/>, then <see cref="Claim"/>).
/// Both sides therefore hold the same bytes, each consumed in the store for good before use, never reused.
/// Thread-safe; the caller serialises sends per link direction (<see cref="RelayService"/>).
/// </summary>
public sealed class StoreRelayPads(IKeyStore store, KmeId self) : IRelayPadSource
{
    private readonly ConcurrentDictionary<(LinkId, KmeId), RelayPad> _outgoing = new();
    private readonly ConcurrentDictionary<KeyId, RelayPad> _incoming = new();

    /// <summary>Sender side: reserves <paramref name="byteCount"/> bytes of the link to <paramref name="peer"/> and stages them for <see cref="Take"/>. Returns what the peer must import, or why not.</summary>
    public async Task<Result<ReservationDescriptor>> ReserveAsync(LinkId link, KmeId peer, int byteCount, CancellationToken cancellationToken)
    {
        // one pad key per hop when it fits the store's key size limit; otherwise whole keys of the largest size
        int maxBytes = store.MaxKeySizeBits / 8;
        int count = (byteCount + maxBytes - 1) / maxBytes;
        int keyBytes = count == 1 ? byteCount : maxBytes;
        KeyStoreResult<Reservation> reserved = await store.ReserveAsync(
            new ReserveRequest(LinkPools.PoolOf(link, self), RelayNames.PadSae(self), [RelayNames.PadSae(peer)], count, keyBytes * 8, KeyDeliveryScope.Remote),
            cancellationToken).ConfigureAwait(false);
        if (!reserved.IsSuccess)
        {
            return Result<ReservationDescriptor>.Fail($"{reserved.Error}: {reserved.Detail}");
        }

        RelayPad pad = Concatenate(reserved.Value!.Keys, byteCount);
        if (_outgoing.TryRemove((link, peer), out RelayPad? stale))
        {
            stale.Dispose();
        }

        _outgoing[(link, peer)] = pad;
        return reserved.Value.Descriptor;
    }

    /// <summary>
    /// Receiver side: imports <paramref name="descriptor"/> (it must name the sender's pool of <paramref name="link"/> and the
    /// two KMEs' pad SAEs), fetches the bytes at once and stages them for <see cref="Claim"/>. Fails when the material is
    /// unknown or was used before (a replay), consuming nothing.
    /// </summary>
    public async Task<Result<bool>> ClaimAsync(LinkId link, KmeId from, ReservationDescriptor descriptor, int byteCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.Link != LinkPools.PoolOf(link, from) || descriptor.MasterSae != RelayNames.PadSae(from)
            || descriptor.SlaveSaes.Count != 1 || descriptor.SlaveSaes[0] != RelayNames.PadSae(self) || descriptor.Keys.Count == 0)
        {
            return Result<bool>.Fail($"the pad reservation does not name pool '{LinkPools.PoolOf(link, from)}' between '{from}' and '{self}'.");
        }

        KeyStoreResult<int> imported = await store.ImportAsync(descriptor, cancellationToken).ConfigureAwait(false);
        if (!imported.IsSuccess)
        {
            return Result<bool>.Fail($"{imported.Error}: {imported.Detail}");
        }

        KeyStoreResult<IReadOnlyList<DeliveredKey>> fetched = await store.FetchAsync(
            new FetchRequest(RelayNames.PadSae(self), RelayNames.PadSae(from), [.. descriptor.Keys.Select(k => k.KeyId)]), cancellationToken).ConfigureAwait(false);
        if (!fetched.IsSuccess)
        {
            return Result<bool>.Fail($"{fetched.Error}: {fetched.Detail}");
        }

        if (fetched.Value!.Sum(k => k.Material.Length) < byteCount)
        {
            Dispose(fetched.Value!);
            return Result<bool>.Fail($"the pad holds fewer than {byteCount} bytes.");
        }

        RelayPad pad = Concatenate(fetched.Value!, byteCount);
        if (!_incoming.TryAdd(pad.KeyIds[0], pad))
        {
            pad.Dispose();
            return Result<bool>.Fail("the pad is being claimed already.");
        }

        return true;
    }

    /// <inheritdoc />
    public Result<RelayPad> Take(LinkId link, KmeId peer, int byteCount) =>
        _outgoing.TryRemove((link, peer), out RelayPad? pad)
            ? pad
            : Result<RelayPad>.Fail($"no pad was reserved towards '{peer}'.");

    /// <inheritdoc />
    public Result<RelayPad> Claim(LinkId link, KmeId peer, IReadOnlyList<KeyId> keyIds, int byteCount)
    {
        ArgumentNullException.ThrowIfNull(keyIds);
        if (keyIds.Count == 0 || !_incoming.TryRemove(keyIds[0], out RelayPad? pad))
        {
            return Result<RelayPad>.Fail("the message names pad keys that were not imported.");
        }

        if (!pad.KeyIds.SequenceEqual(keyIds))
        {
            pad.Dispose();
            return Result<RelayPad>.Fail("the message names other pad keys than the reservation.");
        }

        return pad;
    }

    /// <summary>Zeroes a pad staged by <see cref="ClaimAsync"/> that was not claimed (the message was refused before).</summary>
    public void Discard(KeyId firstPadKey)
    {
        if (_incoming.TryRemove(firstPadKey, out RelayPad? pad))
        {
            pad.Dispose();
        }
    }

    private static RelayPad Concatenate(IReadOnlyList<DeliveredKey> keys, int byteCount)
    {
        byte[] bytes = new byte[byteCount];
        int at = 0;
        foreach (DeliveredKey key in keys)
        {
            int n = Math.Min(key.Material.Length, byteCount - at);
            key.Material.Span[..n].CopyTo(bytes.AsSpan(at));
            at += n;
        }

        Dispose(keys);
        return RelayPad.TakeOwnership([.. keys.Select(k => k.Id)], bytes);
    }

    private static void Dispose(IReadOnlyList<DeliveredKey> keys)
    {
        foreach (DeliveredKey key in keys)
        {
            key.Material.Dispose();
        }
    }
}
