using Microsoft.AspNetCore.Http;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Reads the query string of an ETSI GET route to the letter of GS QKD 014: parameter names are the spec's,
/// compared case-sensitively (<c>key_ID</c>, not <c>key_id</c>), each at most once, no other name; values are
/// taken as sent, so a NUL or a space is part of a value and makes it invalid. ASP.NET Core's own query
/// collection matches names in any case, which is why the raw query string is read here.
/// </summary>
internal static class EtsiQuery
{
    /// <summary>Longest name or value quoted back in an error detail, in characters.</summary>
    private const int MaxQuoted = 40;

    /// <summary>
    /// The values of <paramref name="names"/> in <paramref name="query"/> (null where absent), in the same order;
    /// false with <paramref name="problem"/> for an unknown or repeated name. A malformed percent escape stays as
    /// sent (<see cref="Uri.UnescapeDataString(string)"/>), so it fails the value's own check.
    /// </summary>
    public static bool TryRead(QueryString query, ReadOnlySpan<string> names, out string?[] values, out string? problem)
    {
        values = new string?[names.Length];
        problem = null;
        string text = query.HasValue ? query.Value![1..] : string.Empty;
        foreach (string pair in text.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = Decode(equals < 0 ? pair : pair[..equals]);
            string value = Decode(equals < 0 ? string.Empty : pair[(equals + 1)..]);
            int index = names.IndexOf(name);
            if (index < 0)
            {
                problem = $"unknown query parameter '{Quote(name)}'; this route takes {string.Join(", ", names.ToArray())} (names are case-sensitive)";
                return false;
            }

            if (values[index] is not null)
            {
                problem = $"query parameter {name} given more than once";
                return false;
            }

            values[index] = value;
        }

        return true;
    }

    /// <summary>Parses a whole number of 1 to 9 ASCII digits (no sign, no space, no NUL), as <c>number</c> and <c>size</c> are.</summary>
    public static bool TryWholeNumber(string text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 9)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                value = 0;
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string Quote(string text) => text.Length <= MaxQuoted ? text : text[..MaxQuoted] + "...";
}
