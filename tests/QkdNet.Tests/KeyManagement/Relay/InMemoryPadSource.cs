using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Tests.KeyManagement.Relay;

/// <summary>
/// Link keys both ends of every link share, in memory: the sender takes fresh 32-byte keys, the
/// receiver claims the same keys by ID, once. Keeps every pad buffer it hands out so tests can check
/// they were zeroed. Test data from a seeded generator (these are not real keys).
/// </summary>
internal sealed class InMemoryPadSource(int seed) : IRelayPadSource
{
    private const int KeyBytes = 32;
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private readonly Dictionary<KeyId, (LinkId Link, byte[] Bytes)> _sent = [];

    public List<byte[]> IssuedPads { get; } = [];

    public int KeysAvailablePerLink { get; set; } = int.MaxValue;

    private readonly Dictionary<LinkId, int> _taken = [];

    public Result<RelayPad> Take(LinkId link, KmeId peer, int byteCount)
    {
        lock (_lock)
        {
            int keys = (byteCount + KeyBytes - 1) / KeyBytes;
            int used = _taken.GetValueOrDefault(link);
            if (used + keys > KeysAvailablePerLink)
            {
                return Result<RelayPad>.Fail($"pool of '{link}' holds too little key.");
            }

            _taken[link] = used + keys;
            var ids = new List<KeyId>();
            byte[] pad = new byte[byteCount];
            for (int i = 0; i < keys; i++)
            {
                byte[] key = new byte[KeyBytes];
                _random.NextBytes(key);
                KeyId id = KeyId.New();
                _sent[id] = (link, key);
                ids.Add(id);
                key.AsSpan(0, Math.Min(KeyBytes, byteCount - (i * KeyBytes))).CopyTo(pad.AsSpan(i * KeyBytes));
            }

            IssuedPads.Add(pad);
            return RelayPad.TakeOwnership(ids, pad);
        }
    }

    public Result<RelayPad> Claim(LinkId link, KmeId peer, IReadOnlyList<KeyId> keyIds, int byteCount)
    {
        lock (_lock)
        {
            if (keyIds.Count * KeyBytes < byteCount || keyIds.Any(id => !_sent.TryGetValue(id, out var k) || k.Link != link))
            {
                return Result<RelayPad>.Fail("unknown or used pad key IDs.");
            }

            byte[] pad = new byte[byteCount];
            for (int i = 0; i < keyIds.Count; i++)
            {
                byte[] key = _sent[keyIds[i]].Bytes;
                _sent.Remove(keyIds[i]);
                int n = Math.Min(KeyBytes, byteCount - (i * KeyBytes));
                if (n > 0)
                {
                    key.AsSpan(0, n).CopyTo(pad.AsSpan(i * KeyBytes));
                }
            }

            IssuedPads.Add(pad);
            return RelayPad.TakeOwnership(keyIds, pad);
        }
    }
}
