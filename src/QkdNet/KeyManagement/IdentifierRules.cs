using System.Diagnostics.CodeAnalysis;

namespace QkdNet.KeyManagement;

/// <summary>
/// The one rule every textual identifier of this layer follows (<see cref="SaeId"/>, <see cref="KmeId"/>,
/// <see cref="LinkId"/>, <see cref="BlockId"/>): 1 to <see cref="MaxLength"/> characters from
/// <c>A-Z a-z 0-9 . _ -</c>.
/// </summary>
/// <remarks>
/// Why this set: SAE IDs travel in ETSI 014 URL paths (<c>/api/v1/keys/{slave_SAE_ID}/status</c>) and come
/// from certificate common names, so they must be RFC 3986 "unreserved" characters that need no escaping
/// and cannot smuggle a path separator, a query or whitespace. 64 is X.520's upper bound for a common name.
/// The comma is excluded, which lets stores keep SAE lists as comma-separated text.
/// </remarks>
internal static class IdentifierRules
{
    /// <summary>Longest identifier accepted, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="value"/> is a well-formed identifier.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The exception a <c>Create</c> factory throws for a malformed identifier.</summary>
    public static ArgumentException Invalid(string kind, string? paramName) =>
        new($"A {kind} must be 1 to {MaxLength} characters from A-Z a-z 0-9 . _ -", paramName);
}
