namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The name under which a share server keeps a user's OPRF record: 1 to 128 characters of <c>A-Z a-z 0-9 . _ @ -</c>,
/// compared ordinally. Validated once, at <see cref="Create"/>.
/// </summary>
public readonly record struct UserId
{
    /// <summary>Longest user name, in characters.</summary>
    public const int MaxLength = 128;

    private UserId(string value) => Value = value;

    /// <summary>The name.</summary>
    public string Value { get; }

    /// <summary>Validates a user name; the failure names the problem.</summary>
    public static Result<UserId> Create(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Result<UserId>.Fail("the user name is empty.");
        }

        if (value.Length > MaxLength)
        {
            return Result<UserId>.Fail($"the user name has {value.Length} characters; at most {MaxLength}.");
        }

        foreach (char c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '@' or '-'))
            {
                return Result<UserId>.Fail($"the user name may hold only A-Z, a-z, 0-9, '.', '_', '@' and '-' (found U+{(int)c:X4}).");
            }
        }

        return new UserId(value);
    }

    /// <summary>The name.</summary>
    public override string ToString() => Value ?? string.Empty;
}
