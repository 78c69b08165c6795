namespace QkdNet.Control.Topology.Json;

/// <summary>
/// A parsed JSON value that remembers the 1-based line it starts on, so that a configuration reader
/// can name the line of a bad value (System.Text.Json's DOM drops positions).
/// </summary>
internal sealed class PositionedJson
{
    private PositionedJson(PositionedJsonKind kind, int line)
    {
        Kind = kind;
        Line = line;
    }

    public PositionedJsonKind Kind { get; }

    /// <summary>1-based line of the value's first character.</summary>
    public int Line { get; }

    public string? String { get; private init; }

    public double Number { get; private init; }

    public bool Boolean { get; private init; }

    /// <summary>Members in document order (names unique; the parser rejects duplicates).</summary>
    public IReadOnlyList<KeyValuePair<string, PositionedJson>> Properties { get; private init; } = [];

    public IReadOnlyList<PositionedJson> Items { get; private init; } = [];

    /// <summary>The JSON type name for error messages ("a string", "an object", ...).</summary>
    public string Describe() => Kind switch
    {
        PositionedJsonKind.Null => "null",
        PositionedJsonKind.Boolean => "a boolean",
        PositionedJsonKind.Number => "a number",
        PositionedJsonKind.String => "a string",
        PositionedJsonKind.Array => "an array",
        _ => "an object",
    };

    public bool TryGetProperty(string name, out PositionedJson value)
    {
        foreach (KeyValuePair<string, PositionedJson> p in Properties)
        {
            if (p.Key == name)
            {
                value = p.Value;
                return true;
            }
        }

        value = null!;
        return false;
    }

    internal static PositionedJson Null(int line) => new(PositionedJsonKind.Null, line);

    internal static PositionedJson Of(bool value, int line) => new(PositionedJsonKind.Boolean, line) { Boolean = value };

    internal static PositionedJson Of(double value, int line) => new(PositionedJsonKind.Number, line) { Number = value };

    internal static PositionedJson Of(string value, int line) => new(PositionedJsonKind.String, line) { String = value };

    internal static PositionedJson Array(List<PositionedJson> items, int line) => new(PositionedJsonKind.Array, line) { Items = items };

    internal static PositionedJson Object(List<KeyValuePair<string, PositionedJson>> properties, int line) =>
        new(PositionedJsonKind.Object, line) { Properties = properties };
}
