using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The identifier a share server gives one evaluation (one online password guess), 128 random bits; the client names it
/// when it proves that the guess succeeded (<see cref="IOprfServer.ConfirmAsync"/>).
/// </summary>
public readonly record struct GuessId(Guid Value)
{
    /// <summary>A fresh identifier from <see cref="RandomNumberGenerator"/>.</summary>
    public static GuessId New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return new GuessId(new Guid(bytes));
    }

    /// <summary>The 16 bytes that proofs cover.</summary>
    public byte[] ToBytes() => Value.ToByteArray();

    /// <summary>The identifier as 32 hex digits.</summary>
    public override string ToString() => Value.ToString("N");
}
