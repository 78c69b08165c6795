using System.Diagnostics.CodeAnalysis;

namespace QkdNet.KeyManagement;

/// <summary>
/// Identifies a KME (key management entity), the key manager of one trusted node. Validated once by <see cref="TryCreate"/> or <see cref="Create"/>
/// (see <see cref="IdentifierRules"/>: 1 to 64 characters from <c>A-Z a-z 0-9 . _ -</c>); compared ordinally.
/// </summary>
public readonly record struct KmeId
{
    private readonly string? _value;

    private KmeId(string value) => _value = value;

    /// <summary>The identifier text; empty only for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses <paramref name="value"/>; false when it breaks the identifier rules.</summary>
    public static bool TryCreate([NotNullWhen(true)] string? value, out KmeId id)
    {
        if (IdentifierRules.IsValid(value))
        {
            id = new KmeId(value);
            return true;
        }

        id = default;
        return false;
    }

    /// <summary>Parses <paramref name="value"/>, throwing <see cref="ArgumentException"/> when malformed (for trusted configuration).</summary>
    public static KmeId Create(string value) =>
        TryCreate(value, out KmeId id) ? id : throw IdentifierRules.Invalid("KME ID", nameof(value));

    /// <inheritdoc />
    public override string ToString() => Value;
}
