using System.Text;
using System.Text.Json;

namespace QkdNet.Control.Topology.Json;

/// <summary>
/// Parses UTF-8 JSON (comments and trailing commas allowed) into <see cref="PositionedJson"/> with
/// the line of every value; a syntax error or a duplicate member comes back as a failure naming its line.
/// </summary>
internal static class PositionedJsonParser
{
    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 32,
    };

    public static Result<PositionedJson> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        if (utf8.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return Result<PositionedJson>.Fail("line 1: the file is empty; expected a JSON object.");
        }

        int[] lineStarts = LineStarts(utf8);
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            if (!reader.Read())
            {
                return Result<PositionedJson>.Fail("line 1: the file is empty; expected a JSON object.");
            }

            Result<PositionedJson> root = ReadValue(ref reader, lineStarts);
            if (root.IsSuccess && reader.Read())
            {
                return Result<PositionedJson>.Fail($"line {LineOf(reader.TokenStartIndex, lineStarts)}: unexpected content after the top-level value.");
            }

            return root;
        }
        catch (JsonException e)
        {
            // The reader's own position (0-based line); the message is the reader's, without our stack.
            long line = (e.LineNumber ?? 0) + 1;
            long column = (e.BytePositionInLine ?? 0) + 1;
            return Result<PositionedJson>.Fail($"line {line}, column {column}: invalid JSON ({FirstSentence(e.Message)}).");
        }
    }

    private static Result<PositionedJson> ReadValue(ref Utf8JsonReader reader, int[] lineStarts)
    {
        int line = LineOf(reader.TokenStartIndex, lineStarts);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<KeyValuePair<string, PositionedJson>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name = reader.GetString()!;
                    int nameLine = LineOf(reader.TokenStartIndex, lineStarts);
                    if (!seen.Add(name))
                    {
                        return Result<PositionedJson>.Fail($"line {nameLine}: duplicate field '{name}'.");
                    }

                    reader.Read();
                    Result<PositionedJson> value = ReadValue(ref reader, lineStarts);
                    if (!value.IsSuccess)
                    {
                        return value;
                    }

                    properties.Add(new(name, value.Value));
                }

                return PositionedJson.Object(properties, line);
            case JsonTokenType.StartArray:
                var items = new List<PositionedJson>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Result<PositionedJson> item = ReadValue(ref reader, lineStarts);
                    if (!item.IsSuccess)
                    {
                        return item;
                    }

                    items.Add(item.Value);
                }

                return PositionedJson.Array(items, line);
            case JsonTokenType.String:
                return PositionedJson.Of(reader.GetString()!, line);
            case JsonTokenType.Number:
                return reader.TryGetDouble(out double number) && double.IsFinite(number)
                    ? PositionedJson.Of(number, line)
                    : Result<PositionedJson>.Fail($"line {line}: number out of range.");
            case JsonTokenType.True:
            case JsonTokenType.False:
                return PositionedJson.Of(reader.GetBoolean(), line);
            default:
                return PositionedJson.Null(line);
        }
    }

    private static int[] LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int LineOf(long offset, int[] lineStarts)
    {
        int index = System.Array.BinarySearch(lineStarts, (int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        string text = cut > 0 ? message[..cut] : message;
        return text.TrimEnd('.', ' ');
    }
}
