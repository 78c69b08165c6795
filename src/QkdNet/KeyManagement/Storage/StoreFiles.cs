namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// The modes of the files and folders that hold a node's secrets (key stores, passphrases, private keys): owner-only
/// on Unix, whatever the umask would give; on Windows the folder's ACLs apply and these do nothing.
/// </summary>
public static class StoreFiles
{
    /// <summary>0600: read and write by the owner only.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: a folder only its owner can list, enter or write.</summary>
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing parent, each owner-only (0700); existing folders keep their mode.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // one by one from the top: Directory.CreateDirectory gives the mode to the last folder only, its parents the umask's
        var missing = new Stack<string>();
        for (string? folder = Path.GetFullPath(path); folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing.Push(folder);
        }

        while (missing.TryPop(out string? folder))
        {
            Directory.CreateDirectory(folder, OwnerOnlyFolder);
        }
    }

    /// <summary>Writes <paramref name="text"/> to a new file at <paramref name="path"/>, owner-only (0600); an existing file is refused.</summary>
    public static void WriteNewText(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(text);
    }

    /// <summary>Creates an empty file at <paramref name="path"/>, owner-only (0600), unless one is there.</summary>
    public static void CreateEmptyIfMissing(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        using var file = new FileStream(path, options);
    }
}
