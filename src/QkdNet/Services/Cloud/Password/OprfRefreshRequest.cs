namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Add <paramref name="Delta"/> (32 bytes big-endian, in [0, q): this server's share of a fresh sharing of zero) to the key
/// share of the record at <paramref name="Epoch"/>; <paramref name="Proof"/> = HMAC(c_i, "refresh" || user || epoch ||
/// delta). The delta is secret: send it only over the mutually authenticated channel.
/// </summary>
public sealed record OprfRefreshRequest(UserId User, long Epoch, byte[] Delta, byte[] Proof)
{
    public override string ToString() => $"OprfRefreshRequest(user {User}, epoch {Epoch})";
}
