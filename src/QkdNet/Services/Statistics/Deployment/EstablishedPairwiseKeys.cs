using System.Security.Cryptography;
using System.Text;
using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Services.Statistics.Randomness;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Services.Statistics.Deployment;

/// <summary>
/// The pairwise keys of one computation among share servers, agreed over the parties' own channel before the
/// protocol starts. <see cref="FromQkdAsync"/> takes each key from the QKD network: for every pair the server with
/// the lower index asks its KME for one 256-bit key shared with the other (ETSI GS QKD 014 enc_keys, itself the
/// master SAE) and sends only the key ID; the other fetches the same key from its KME by that ID (dec_keys).
/// <see cref="OverChannelForDevelopmentAsync"/> is the labelled development fallback where no KME serves the servers:
/// the lower index draws the key from <see cref="RandomNumberGenerator"/> and sends it over the mutual-TLS channel,
/// so the keys are only as secret as TLS (NOT QKD). <see cref="Dispose"/> zeroes every key.
/// </summary>
public sealed class EstablishedPairwiseKeys : IPairwiseKeys, IDisposable
{
    /// <summary>What <see cref="Source"/> says for QKD keys.</summary>
    public const string QkdSource = "qkd";

    /// <summary>What <see cref="Source"/> says for the development fallback.</summary>
    public const string DevelopmentSource = "development-tls (NOT QKD: keys exchanged over the servers' mutual TLS)";

    private const int KeyBits = IPairwiseKeys.KeyBytes * 8;
    private readonly byte[][] _keys;

    private EstablishedPairwiseKeys(byte[][] keys, string source, long qkdBits)
    {
        _keys = keys;
        Source = source;
        QkdBitsUsed = qkdBits;
    }

    /// <summary><see cref="QkdSource"/> or <see cref="DevelopmentSource"/>.</summary>
    public string Source { get; }

    /// <summary>QKD key this party fetched from its KME, in bits (both ends count the pair's key).</summary>
    public long QkdBitsUsed { get; }

    /// <summary>
    /// One fresh QKD key per pair of active parties. <paramref name="names"/>[i] is party i's SAE ID at its KME. A KME
    /// that gives no key fails the set-up at both ends of the pair (the master sends an empty message), never a hang.
    /// </summary>
    public static async Task<Result<EstablishedPairwiseKeys>> FromQkdAsync(
        IPartyTransport transport, IReadOnlyList<int> active, IReadOnlyList<SaeId> names, IKeyDelivery kme, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(active);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(kme);
        int self = transport.Self;
        var keys = new byte[transport.PartyCount][];
        string? problem = null;
        long bits = 0;
        foreach (int other in active.Where(p => p > self))
        {
            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> got = await kme.GetKeysAsync(names[other], 1, KeyBits, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!got.IsSuccess || got.Value.Count != 1)
            {
                problem ??= $"the KME gave {names[self].Value} no key shared with {names[other].Value}: {(got.IsSuccess ? "wrong number of keys" : got.Error!.Message)}";
                await transport.SendAsync(other, [], cancellationToken).ConfigureAwait(false);
                continue;
            }

            using KeyMaterial material = got.Value[0].Material;
            keys[other] = material.Span.ToArray();
            bits += KeyBits;
            await transport.SendAsync(other, Encoding.ASCII.GetBytes(got.Value[0].Id.ToString()), cancellationToken).ConfigureAwait(false);
        }

        foreach (int other in active.Where(p => p < self))
        {
            byte[] message = await transport.ReceiveAsync(other, cancellationToken).ConfigureAwait(false);
            if (!KeyId.TryParse(Encoding.ASCII.GetString(message), out KeyId id))
            {
                problem ??= $"{names[other].Value} could not get a QKD key shared with {names[self].Value} from its KME.";
                continue;
            }

            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> got = await kme.GetKeysWithIdsAsync(names[other], [id], cancellationToken).ConfigureAwait(false);
            if (!got.IsSuccess || got.Value.Count != 1)
            {
                problem ??= $"the KME gave {names[self].Value} no key {id} of {names[other].Value}: {(got.IsSuccess ? "wrong number of keys" : got.Error!.Message)}";
                continue;
            }

            using KeyMaterial material = got.Value[0].Material;
            keys[other] = material.Span.ToArray();
            bits += KeyBits;
        }

        var established = new EstablishedPairwiseKeys(keys, QkdSource, bits);
        if (problem is not null)
        {
            established.Dispose();
            return Result<EstablishedPairwiseKeys>.Fail(problem);
        }

        return established;
    }

    /// <summary>The development fallback (see the class summary): keys as secret as the channel's TLS, NOT QKD.</summary>
    public static async Task<EstablishedPairwiseKeys> OverChannelForDevelopmentAsync(IPartyTransport transport, IReadOnlyList<int> active, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(active);
        int self = transport.Self;
        var keys = new byte[transport.PartyCount][];
        foreach (int other in active.Where(p => p > self))
        {
            keys[other] = RandomNumberGenerator.GetBytes(IPairwiseKeys.KeyBytes);
            await transport.SendAsync(other, (byte[])keys[other].Clone(), cancellationToken).ConfigureAwait(false);
        }

        foreach (int other in active.Where(p => p < self))
        {
            byte[] key = await transport.ReceiveAsync(other, cancellationToken).ConfigureAwait(false);
            keys[other] = key.Length == IPairwiseKeys.KeyBytes ? key : throw new PartyUnavailableException(other, "it sent a malformed pairwise key");
        }

        return new EstablishedPairwiseKeys(keys, DevelopmentSource, 0);
    }

    /// <inheritdoc />
    public void CopyKey(int other, Span<byte> destination)
    {
        byte[] key = _keys[other] ?? throw new InvalidOperationException($"no pairwise key with party {other} (it is not among the active parties).");
        key.CopyTo(destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (byte[]? key in _keys)
        {
            if (key is not null)
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    /// <summary>Shows the source only, never a key.</summary>
    public override string ToString() => $"EstablishedPairwiseKeys({Source})";
}
