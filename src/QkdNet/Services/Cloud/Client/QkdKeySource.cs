using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.Services.Cloud.Transport;
using QkdNet.Services.KeyDelivery;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The owner's QKD keys, from its KME through the ETSI GS QKD 014 client (enc_keys, the owner the master SAE), counted
/// so every report can say how much key it used. Thread-safe.
/// </summary>
public sealed class QkdKeySource(IKeyDelivery kme)
{
    /// <summary>Keys per enc_keys request (the development KME allows 1024).</summary>
    public const int BatchKeys = 512;

    private long _bitsUsed;

    /// <summary>QKD key fetched so far, in bits.</summary>
    public long BitsUsed => Interlocked.Read(ref _bitsUsed);

    /// <summary>
    /// <paramref name="count"/> keys of <paramref name="bits"/> bits shared with <paramref name="slave"/>: their IDs and
    /// their bytes concatenated in that order (the caller zeroes them), or the KME's reason.
    /// </summary>
    public async Task<Result<(string[] Ids, byte[] Bytes)>> FetchAsync(SaeId slave, int count, int bits, CancellationToken cancellationToken)
    {
        int keyBytes = bits / 8;
        byte[] bytes = new byte[(long)count * keyBytes];
        var ids = new string[count];
        for (int from = 0; from < count; from += BatchKeys)
        {
            int number = Math.Min(BatchKeys, count - from);
            Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> got = await kme.GetKeysAsync(slave, number, bits, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!got.IsSuccess)
            {
                CryptographicOperations.ZeroMemory(bytes);
                return Result<(string[], byte[])>.Fail($"the KME gave no keys for {slave.Value}: {got.Error!.Message}");
            }

            for (int i = 0; i < got.Value.Count; i++)
            {
                using KeyMaterial material = got.Value[i].Material;
                material.Span.CopyTo(bytes.AsSpan((from + i) * keyBytes, keyBytes));
                ids[from + i] = got.Value[i].Id.ToString();
            }

            Interlocked.Add(ref _bitsUsed, (long)number * bits);
        }

        return (ids, bytes);
    }

    /// <summary>The keys a plan takes.</summary>
    public Task<Result<(string[] Ids, byte[] Bytes)>> FetchAsync(SaeId slave, ShareProtectionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return FetchAsync(slave, plan.KeyCount, plan.KeyBits, cancellationToken);
    }
}
