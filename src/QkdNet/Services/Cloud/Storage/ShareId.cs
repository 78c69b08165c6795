using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace QkdNet.Services.Cloud.Storage;

/// <summary>
/// The name a data server stores one share under: 128 random bits as 32 lower-case hex digits, drawn from
/// <see cref="RandomNumberGenerator"/>, so it reveals neither the file, the owner nor where the other shares are
/// (anonymous placement, issue 12 section 2).
/// </summary>
public readonly record struct ShareId
{
    /// <summary>Characters in the text form.</summary>
    public const int Length = 32;

    private ShareId(string value) => Value = value;

    /// <summary>The 32 hex digits.</summary>
    public string Value { get; }

    /// <summary>A fresh random identifier.</summary>
    public static ShareId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2)));

    /// <summary>Parses 32 lower-case hex digits; anything else is refused.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ShareId id)
    {
        id = default;
        if (text is not { Length: Length } || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        id = new ShareId(text);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Value ?? string.Empty;
}
