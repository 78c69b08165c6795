using System.Text.Json;
using System.Text.RegularExpressions;

namespace QkdNet.Node.Configuration;

public static partial class NodeConfigLoader
{
    /// <summary>
    /// One line for a <see cref="JsonException"/> of <c>node.json</c>, in the user's words: the field's JSON path, its
    /// line (1-based, as editors count; the exception counts from 0) and what is wrong, never a .NET type name.
    /// </summary>
    internal static string Describe(JsonException e)
    {
        string path = e.Path ?? "$";
        string line = e.LineNumber is long l ? $" (line {l + 1})" : string.Empty;
        // the path first, as every other configuration error starts
        string message = e.Message;
        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            return $"{path}: unknown field '{unmapped.Groups[1].Value}'{line}; field names are snake_case (docs/etsi-014-conformance.md lists them).";
        }

        if (NotConvertible().Match(message) is { Success: true } convert)
        {
            return $"{path}: must be {ValueKindNames.Of(convert.Groups[1].Value)}{line}.";
        }

        // a syntax error: the reader's own sentence, without its 0-based position
        string sentence = PositionSuffix().Replace(message.Split('\n')[0], string.Empty).Trim();
        return $"{path}: invalid JSON{line}: {sentence}";
    }

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([^ ]+?)\. Path")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"\s*(Path: .*)?(LineNumber: \d+ \| BytePositionInLine: \d+\.?)")]
    private static partial Regex PositionSuffix();
}
