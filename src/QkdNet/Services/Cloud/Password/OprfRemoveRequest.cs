namespace QkdNet.Services.Cloud.Password;

/// <summary>Delete the user's record at <paramref name="Epoch"/>; <paramref name="Proof"/> = HMAC(c_i, "remove" || user || epoch).</summary>
public sealed record OprfRemoveRequest(UserId User, long Epoch, byte[] Proof)
{
    public override string ToString() => $"OprfRemoveRequest(user {User}, epoch {Epoch})";
}
