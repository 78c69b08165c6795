namespace QkdNet.Control.Topology;

/// <summary>
/// Loads a topology file in either format, chosen by extension: <c>.yaml</c> or <c>.yml</c> is YAML
/// (<see cref="TopologyYamlReader"/>), anything else JSON (<see cref="TopologyJsonReader"/>). Both accept the same
/// fields and name the line of every problem. Thread-safe (stateless).
/// </summary>
public static class TopologyFile
{
    /// <summary>Whether <paramref name="path"/> names a YAML file (by its extension, any case).</summary>
    public static bool IsYaml(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string extension = Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads the file at <paramref name="path"/> as YAML or JSON; every failure (missing file included) is a value whose lines start with the path.</summary>
    public static Result<NetworkTopology> Load(string path) =>
        IsYaml(path) ? TopologyYamlReader.Load(path) : TopologyJsonReader.Load(path);

    /// <summary>Reads the bytes of <paramref name="path"/> (at most <see cref="TopologyJsonReader.MaxFileBytes"/>) and parses them.</summary>
    internal static Result<T> Read<T>(string path, Func<byte[], Result<T>> parse)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > TopologyJsonReader.MaxFileBytes)
            {
                return Result<T>.Fail($"{path}: the file is larger than {TopologyJsonReader.MaxFileBytes} bytes.");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Result<T>.Fail($"{path}: cannot read the file ({e.GetType().Name}: {e.Message}).");
        }

        Result<T> result = parse(bytes);
        return result.IsSuccess ? result : Result<T>.Fail(string.Join('\n', result.Error!.Split('\n').Select(line => $"{path}: {line}")));
    }
}
