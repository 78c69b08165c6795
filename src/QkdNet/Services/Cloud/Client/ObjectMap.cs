using System.Text.Json;
using System.Text.Json.Serialization;
using QkdNet.KeyManagement.Storage;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// The owner's map: which objects exist and where their shares lie under which random IDs, with each share's MAC key.
/// It never leaves the owner in the clear; the file is written owner-only (0600) and replaced atomically (write, then
/// rename), so a crash leaves either the old map or the new one. Not thread-safe: one command at a time.
/// </summary>
public sealed class ObjectMap
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Dictionary<string, CloudObject> _objects;

    private ObjectMap(Dictionary<string, CloudObject> objects) => _objects = objects;

    /// <summary>How many times the map was backed up to the servers (<see cref="CloudClient.BackupMapAsync"/>); the next backup is one more.</summary>
    public long Generation { get; set; }

    /// <summary>Objects by identifier.</summary>
    public IReadOnlyCollection<CloudObject> Objects => _objects.Values;

    /// <summary>An empty map.</summary>
    public static ObjectMap Empty() => new([]);

    /// <summary>The object <paramref name="id"/>, or null.</summary>
    public CloudObject? Find(string id) => _objects.GetValueOrDefault(id);

    /// <summary>Adds or replaces an object.</summary>
    public void Set(CloudObject cloudObject)
    {
        ArgumentNullException.ThrowIfNull(cloudObject);
        _objects[cloudObject.Id] = cloudObject;
    }

    /// <summary>Removes an object.</summary>
    public bool Remove(string id) => _objects.Remove(id);

    /// <summary>The map's JSON (secret: it holds the MAC keys).</summary>
    public byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(
        new MapFile(Generation, [.. _objects.Values.OrderBy(o => o.CreatedAt).ThenBy(o => o.Id, StringComparer.Ordinal)]), Json);

    /// <summary>Reads a map from its JSON; null with a reason when it is not one.</summary>
    public static Result<ObjectMap> Deserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            MapFile? file = JsonSerializer.Deserialize<MapFile>(json, Json);
            return file?.Objects is null
                ? Result<ObjectMap>.Fail("the map is empty.")
                : new ObjectMap(file.Objects.ToDictionary(o => o.Id, StringComparer.Ordinal)) { Generation = file.Generation };
        }
        catch (JsonException e)
        {
            return Result<ObjectMap>.Fail($"the map is not valid ({e.Message}).");
        }
    }

    /// <summary>Loads the map in <paramref name="path"/> (an empty map when the file does not exist).</summary>
    public static Result<ObjectMap> Load(string path)
    {
        if (!File.Exists(path))
        {
            return Empty();
        }

        try
        {
            Result<ObjectMap> map = Deserialize(File.ReadAllBytes(path));
            return map.IsSuccess ? map : Result<ObjectMap>.Fail($"{path}: {map.Error}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<ObjectMap>.Fail($"cannot read the map {path}: {e.Message}");
        }
    }

    /// <summary>Writes the map to <paramref name="path"/>, owner-only, replacing the old one atomically.</summary>
    public void Save(string path)
    {
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
        {
            StoreFiles.CreateFolder(folder);
        }

        string temporary = full + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = StoreFiles.OwnerOnlyFile;
        }

        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(Serialize());
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, full, overwrite: true);
    }

    private sealed record MapFile(long Generation, CloudObject[] Objects);
}
