namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Store <paramref name="Record"/> for its user. A user the server already holds is replaced only with
/// <paramref name="ReplaceAuthorization"/> = HMAC(c_i of the current record, "replace" || user || current epoch ||
/// SHA-256 of the new record at epoch 0) (<see cref="OprfProofs"/>). The record holds a key share: send it only over the
/// mutually authenticated channel.
/// </summary>
public sealed record OprfEnrollRequest(OprfServerRecord Record, byte[]? ReplaceAuthorization = null)
{
    public override string ToString() => $"OprfEnrollRequest({Record}, replace: {ReplaceAuthorization is not null})";
}
