using System.Text.RegularExpressions;
using QkdNet.Node.Configuration;

namespace QkdNet.Cli;

/// <summary>The parser's error messages on one line and in the user's words ("a number", not "System.Double").</summary>
internal static partial class ParseErrors
{
    public static string Describe(string message)
    {
        string line = string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return CannotParse().Match(line) is { Success: true } m
            ? $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not {ValueKindNames.Of(m.Groups[3].Value)}."
            : line;
    }

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.$")]
    private static partial Regex CannotParse();
}
