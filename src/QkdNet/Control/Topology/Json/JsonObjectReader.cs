namespace QkdNet.Control.Topology.Json;

/// <summary>
/// Reads typed fields out of one <see cref="PositionedJson"/> object, recording every problem as
/// "line N: ..." in a shared list instead of throwing.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly PositionedJson _object;
    private readonly string _what;
    private readonly List<string> _errors;

    private JsonObjectReader(PositionedJson obj, string what, List<string> errors)
    {
        _object = obj;
        _what = what;
        _errors = errors;
    }

    public int Line => _object.Line;

    /// <summary>A reader for <paramref name="value"/>, or null (with an error) when it is not an object or has unknown fields.</summary>
    public static JsonObjectReader? Open(PositionedJson value, string what, List<string> errors, params string[] allowedFields)
    {
        if (value.Kind != PositionedJsonKind.Object)
        {
            errors.Add($"line {value.Line}: {what} must be an object, got {value.Describe()}.");
            return null;
        }

        foreach (KeyValuePair<string, PositionedJson> p in value.Properties)
        {
            if (System.Array.IndexOf(allowedFields, p.Key) < 0)
            {
                errors.Add($"line {p.Value.Line}: unknown field '{p.Key}' in {what}; expected one of: {string.Join(", ", allowedFields)}.");
            }
        }

        return new JsonObjectReader(value, what, errors);
    }

    /// <summary>The line of <paramref name="field"/> when present, else of the object.</summary>
    public int LineOf(string field) => _object.TryGetProperty(field, out PositionedJson v) ? v.Line : _object.Line;

    public bool Has(string field) => _object.TryGetProperty(field, out _);

    public string? RequiredString(string field) => String(field, required: true);

    public string? OptionalString(string field) => String(field, required: false);

    /// <summary>The number, <paramref name="fallback"/> when absent, NaN (with an error) when not a number.</summary>
    public double Number(string field, double fallback, bool required = false)
    {
        if (!_object.TryGetProperty(field, out PositionedJson value))
        {
            if (required)
            {
                _errors.Add($"line {_object.Line}: {_what} is missing required field '{field}'.");
                return double.NaN;
            }

            return fallback;
        }

        if (value.Kind != PositionedJsonKind.Number)
        {
            _errors.Add($"line {value.Line}: '{field}' in {_what} must be a number, got {value.Describe()}.");
            return double.NaN;
        }

        return value.Number;
    }

    /// <summary>The array under <paramref name="field"/>, empty when absent and optional.</summary>
    public IReadOnlyList<PositionedJson> Array(string field, bool required)
    {
        if (!_object.TryGetProperty(field, out PositionedJson value))
        {
            if (required)
            {
                _errors.Add($"line {_object.Line}: {_what} is missing required field '{field}'.");
            }

            return [];
        }

        if (value.Kind != PositionedJsonKind.Array)
        {
            _errors.Add($"line {value.Line}: '{field}' in {_what} must be an array, got {value.Describe()}.");
            return [];
        }

        return value.Items;
    }

    /// <summary>The object under <paramref name="field"/>, or null (with an error) when absent or not an object.</summary>
    public PositionedJson? Object(string field)
    {
        if (!_object.TryGetProperty(field, out PositionedJson value) || value.Kind != PositionedJsonKind.Object)
        {
            _errors.Add($"line {LineOf(field)}: '{field}' in {_what} must be an object.");
            return null;
        }

        return value;
    }

    /// <summary>Adds a problem found in <paramref name="field"/>, at that field's line.</summary>
    public void Error(string field, string message) => _errors.Add($"line {LineOf(field)}: {message}");

    private string? String(string field, bool required)
    {
        if (!_object.TryGetProperty(field, out PositionedJson value))
        {
            if (required)
            {
                _errors.Add($"line {_object.Line}: {_what} is missing required field '{field}'.");
            }

            return null;
        }

        if (value.Kind != PositionedJsonKind.String)
        {
            _errors.Add($"line {value.Line}: '{field}' in {_what} must be a string, got {value.Describe()}.");
            return null;
        }

        return value.String;
    }
}
