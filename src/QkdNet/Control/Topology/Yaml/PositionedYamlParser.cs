using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using QkdNet.Control.Topology.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace QkdNet.Control.Topology.Yaml;

/// <summary>
/// Parses one YAML document into the same line-carrying tree as <see cref="PositionedJsonParser"/> (YAML's JSON data
/// model: mappings, sequences, scalars), so the topology readers share one element reader. A syntax error, a duplicate
/// key, an alias or a second document comes back as a failure naming its line.
/// </summary>
/// <remarks>
/// Plain scalars are typed by the YAML 1.2 core schema (YAML 1.2.2, section 10.3.2, "Tag Resolution"): null, booleans,
/// integers (decimal, 0o octal, 0x hex) and floats; anything else, and every quoted or block scalar, is a string. So
/// <c>fibreKm: twenty</c> is a string and <c>fibreKm: "20"</c> is too, as in JSON.
/// </remarks>
internal static partial class PositionedYamlParser
{
    private const int MaxDepth = 32;
    private const string StringTag = "tag:yaml.org,2002:str";

    public static Result<PositionedJson> Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return Result<PositionedJson>.Fail("line 1: the file is not valid UTF-8.");
        }

        var scanner = new Scanner(new StringReader(text));
        var parser = new Parser(scanner);
        try
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return Result<PositionedJson>.Fail("line 1: the file is empty; expected a YAML mapping.");
            }

            Result<PositionedJson> root = ReadValue(parser, depth: 0);
            if (!root.IsSuccess)
            {
                return root;
            }

            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                return Result<PositionedJson>.Fail($"line {second.Start.Line}: unexpected second document; a topology file holds one.");
            }

            return root;
        }
        catch (YamlException e)
        {
            // The parser's own position (1-based); its message without a stack.
            return Result<PositionedJson>.Fail($"line {e.Start.Line}, column {e.Start.Column}: invalid YAML ({Describe(e)}).");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16.3.0 throws this, not a YamlException, on some unclosed flow collections ("a: [A" and a newline).
            Mark at = scanner.CurrentPosition;
            return Result<PositionedJson>.Fail($"line {at.Line}, column {at.Column}: invalid YAML (unclosed flow collection or unexpected end of the file).");
        }
    }

    private static Result<PositionedJson> ReadValue(IParser parser, int depth)
    {
        ParsingEvent current = parser.Current ?? throw new YamlException("unexpected end of the file");
        int line = (int)current.Start.Line;
        if (depth > MaxDepth)
        {
            return Result<PositionedJson>.Fail($"line {line}: nested deeper than {MaxDepth} levels.");
        }

        switch (current)
        {
            case MappingStart:
                parser.MoveNext();
                var properties = new List<KeyValuePair<string, PositionedJson>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    if (parser.Current is not Scalar key)
                    {
                        return Result<PositionedJson>.Fail($"line {parser.Current?.Start.Line ?? line}: a mapping key must be a plain name.");
                    }

                    if (!seen.Add(key.Value))
                    {
                        return Result<PositionedJson>.Fail($"line {key.Start.Line}: duplicate field '{key.Value}'.");
                    }

                    parser.MoveNext();
                    Result<PositionedJson> value = ReadValue(parser, depth + 1);
                    if (!value.IsSuccess)
                    {
                        return value;
                    }

                    properties.Add(new(key.Value, value.Value));
                }

                return PositionedJson.Object(properties, line);
            case SequenceStart:
                parser.MoveNext();
                var items = new List<PositionedJson>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    Result<PositionedJson> item = ReadValue(parser, depth + 1);
                    if (!item.IsSuccess)
                    {
                        return item;
                    }

                    items.Add(item.Value);
                }

                return PositionedJson.Array(items, line);
            case Scalar scalar:
                parser.MoveNext();
                return Resolve(scalar, line);
            case AnchorAlias:
                return Result<PositionedJson>.Fail($"line {line}: YAML aliases (*name) are not supported in a topology file.");
            default:
                return Result<PositionedJson>.Fail($"line {line}: unexpected {current.GetType().Name}.");
        }
    }

    /// <summary>YAML 1.2.2, section 10.3.2: the core schema's resolution of a plain scalar.</summary>
    private static Result<PositionedJson> Resolve(Scalar scalar, int line)
    {
        string value = scalar.Value;
        bool isString = scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && scalar.Tag.Value == StringTag);
        if (isString)
        {
            return PositionedJson.Of(value, line);
        }

        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return PositionedJson.Null(line);
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return PositionedJson.Of(value[0] is 't' or 'T', line);
        }

        if (Decimal().IsMatch(value))
        {
            double number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            return double.IsFinite(number) ? PositionedJson.Of(number, line) : Result<PositionedJson>.Fail($"line {line}: number out of range.");
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && Octal().IsMatch(value))
        {
            return PositionedJson.Of(Convert.ToInt64(value[2..], 8), line);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && Hex().IsMatch(value))
        {
            return PositionedJson.Of(long.Parse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture), line);
        }

        if (NonFinite().IsMatch(value))
        {
            return Result<PositionedJson>.Fail($"line {line}: number out of range.");
        }

        return PositionedJson.Of(value, line);
    }

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes its message with the marks ("(Line: 3, Col: 1, Idx: 20) - (...): "); the line is ours to say.
        string message = e.InnerException is YamlException inner ? inner.Message : e.Message;
        int cut = message.LastIndexOf("): ", StringComparison.Ordinal);
        return (cut >= 0 ? message[(cut + 3)..] : message).TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Decimal();

    [GeneratedRegex("^0o[0-7]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex Octal();

    [GeneratedRegex("^0x[0-9a-fA-F]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Hex();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex NonFinite();
}
