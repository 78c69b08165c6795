namespace QkdNet.KeyManagement;

/// <summary>A key handed to an SAE: its ID and its bytes (dispose <see cref="Material"/> once sent).</summary>
/// <param name="Id">The key ID.</param>
/// <param name="Material">The secret bytes.</param>
public sealed record DeliveredKey(KeyId Id, KeyMaterial Material);
