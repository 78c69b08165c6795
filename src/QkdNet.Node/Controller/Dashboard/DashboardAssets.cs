using System.Collections.Frozen;

namespace QkdNet.Node.Controller.Dashboard;

/// <summary>The page's files, embedded in this assembly (Assets/*), read once.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    /// <summary>The file named <paramref name="name"/> (e.g. <c>app.js</c>) and its content type.</summary>
    public static bool TryGet(string name, out byte[] bytes, out string contentType)
    {
        bool found = Files.TryGetValue(name, out (byte[] Bytes, string ContentType) file);
        (bytes, contentType) = found ? file : ([], string.Empty);
        return found;
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        const string Prefix = "QkdNet.Node.Dashboard.";
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        System.Reflection.Assembly assembly = typeof(DashboardAssets).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            string name = resource[Prefix.Length..];
            files[name] = (copy.ToArray(), ContentType(name));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
