using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using QkdNet.Node.Configuration;
using QkdNet.Services.Cloud.Access;

namespace QkdNet.Node.Hosting;

/// <summary>
/// What the configuration loaders of the secure-cloud services share (share server, cloud client, statistics server):
/// the one JSON dialect (snake_case, unknown fields refused, comments and trailing commas allowed), reading the file,
/// and the checks of fields every service has (name, listen address, access policy, log level), each failing with one
/// line that names the field. One copy, so the services cannot drift apart in what they accept.
/// </summary>
public static class ServiceConfigReader
{
    /// <summary>The JSON dialect of the services' configuration files.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads <paramref name="path"/> and hands its text and folder (the base of relative paths) to <paramref name="parse"/>.</summary>
    public static Result<T> Load<T>(string path, Func<string, string, Result<T>> parse)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(parse);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<T>.Fail($"cannot read the configuration file {path}: {e.Message}");
        }

        return parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The file's JSON as <typeparamref name="TFile"/>; the failure names the field (or says the file is empty).</summary>
    public static Result<TFile> Deserialize<TFile>(string json)
        where TFile : class
    {
        try
        {
            return JsonSerializer.Deserialize<TFile>(json, Options) is { } file ? file : Result<TFile>.Fail("$: the configuration is empty.");
        }
        catch (JsonException e)
        {
            return Result<TFile>.Fail(NodeConfigLoader.Describe(e));
        }
    }

    /// <summary>A service's name (its certificate's common name and SAE ID): 1 to 64 letters, digits, '-', '_' or '.'.</summary>
    public static bool IsName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The <c>$.name</c> field, checked.</summary>
    public static Result<string> Name(string? name) =>
        IsName(name) ? name! : Result<string>.Fail("$.name: required, 1 to 64 letters, digits, '-', '_' or '.' (the server's certificate name and SAE ID).");

    /// <summary>The <c>$.listen</c> field, checked (<paramref name="example"/> shows the form in the message).</summary>
    public static Result<IPEndPoint> Listen(string? listen, string example) =>
        IPEndPoint.TryParse(listen ?? string.Empty, out IPEndPoint? endpoint) && endpoint.Port != 0
            ? endpoint
            : Result<IPEndPoint>.Fail($"$.listen: required, an address and port such as {example}.");

    /// <summary>The access policy the <c>$.policy</c> file holds (<paramref name="what"/> says what it is when it is missing).</summary>
    public static Result<AccessPolicy> Policy(string? policyPath, string baseDirectory, string what)
    {
        if (policyPath is not { Length: > 0 })
        {
            return Result<AccessPolicy>.Fail($"$.policy: required, {what}.");
        }

        string full = Path.GetFullPath(policyPath, baseDirectory);
        Result<AccessPolicy> policy;
        try
        {
            policy = AccessPolicy.Parse(File.ReadAllText(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<AccessPolicy>.Fail($"$.policy: cannot read {full}: {e.Message}");
        }

        return policy.IsSuccess ? policy : Result<AccessPolicy>.Fail($"$.policy ({policyPath}): {policy.Error}");
    }

    /// <summary>The <c>$.log_level</c> field (default Information).</summary>
    public static Result<LogLevel> LogLevel(string? level) =>
        Enum.TryParse(level ?? "Information", ignoreCase: true, out LogLevel parsed)
            ? parsed
            : Result<LogLevel>.Fail("$.log_level: one of trace, debug, information, warning, error, critical, none.");
}
