namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// Prove that guess <paramref name="Guess"/> found the password: <paramref name="Proof"/> = HMAC(c_i, "confirm" || user
/// || epoch || guess). The server then clears the user's failed-guess count.
/// </summary>
public sealed record OprfConfirmRequest(UserId User, GuessId Guess, byte[] Proof)
{
    public override string ToString() => $"OprfConfirmRequest(user {User}, guess {Guess})";
}
