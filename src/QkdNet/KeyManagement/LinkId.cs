using System.Diagnostics.CodeAnalysis;

namespace QkdNet.KeyManagement;

/// <summary>
/// Identifies a QKD link between two nodes; both nodes use the same ID for it. Validated once by <see cref="TryCreate"/> or <see cref="Create"/>
/// (see <see cref="IdentifierRules"/>: 1 to 64 characters from <c>A-Z a-z 0-9 . _ -</c>); compared ordinally.
/// </summary>
public readonly record struct LinkId
{
    private readonly string? _value;

    private LinkId(string value) => _value = value;

    /// <summary>The identifier text; empty only for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses <paramref name="value"/>; false when it breaks the identifier rules.</summary>
    public static bool TryCreate([NotNullWhen(true)] string? value, out LinkId id)
    {
        if (IdentifierRules.IsValid(value))
        {
            id = new LinkId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Parses <paramref name="value"/>, throwing <see cref="ArgumentException"/> when malformed (for trusted configuration).</summary>
    public static LinkId Create(string value) =>
        TryCreate(value, out LinkId id) ? id : throw IdentifierRules.Invalid("link ID", nameof(value));

    /// <inheritdoc />
    public override string ToString() => Value;
}
