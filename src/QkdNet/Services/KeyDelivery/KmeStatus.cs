namespace QkdNet.Services.KeyDelivery;

/// <summary>Status (ETSI GS QKD 014 clause 6.1): the link between the caller's KME and the other SAE's KME.</summary>
/// <param name="SourceKmeId">The caller's KME.</param>
/// <param name="TargetKmeId">The other SAE's KME.</param>
/// <param name="MasterSaeId">The master SAE.</param>
/// <param name="SlaveSaeId">The slave SAE.</param>
/// <param name="KeySize">Default key size, in bits.</param>
/// <param name="StoredKeyCount">Keys of the default size available.</param>
/// <param name="MaxKeyCount">Most keys the KME can hold.</param>
/// <param name="MaxKeyPerRequest">Most keys one <c>enc_keys</c> may ask for.</param>
/// <param name="MaxKeySize">Largest key size, in bits.</param>
/// <param name="MinKeySize">Smallest key size, in bits.</param>
/// <param name="MaxSaeIdCount">Most additional slave SAEs one request may name.</param>
public sealed record KmeStatus(
    string SourceKmeId,
    string TargetKmeId,
    string MasterSaeId,
    string SlaveSaeId,
    int KeySize,
    long StoredKeyCount,
    long MaxKeyCount,
    int MaxKeyPerRequest,
    int MaxKeySize,
    int MinKeySize,
    int MaxSaeIdCount);
