using System.Text.RegularExpressions;

namespace QkdNet.Node.Configuration;

/// <summary>
/// The user's words for the .NET type names that System.Text.Json and System.CommandLine put in their messages
/// ("System.Nullable`1[System.Double]" is "a number"), so no error a user reads speaks .NET.
/// </summary>
public static partial class ValueKindNames
{
    /// <summary>"a number", "a whole number", "true or false", "a string", "a list", "an object" for <paramref name="dotnetType"/>.</summary>
    public static string Of(string dotnetType)
    {
        ArgumentNullException.ThrowIfNull(dotnetType);
        Match nullable = NullableType().Match(dotnetType);
        string type = nullable.Success ? nullable.Groups[1].Value : dotnetType;
        return type switch
        {
            "System.Double" or "System.Single" or "System.Decimal" => "a number",
            "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" or "System.Int16" or "System.Byte" => "a whole number",
            "System.Boolean" => "true or false",
            "System.String" => "a string",
            _ when type.StartsWith("System.Collections", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "a list",
            _ => "an object",
        };
    }

    [GeneratedRegex(@"^System\.Nullable`1\[(.+)\]$")]
    private static partial Regex NullableType();
}
