using System.Globalization;

namespace QkdNet.KeyManagement.Storage;

/// <summary>
/// One process's claim on a SQLite store: <c>{database}.lock</c> beside the database, held open with no sharing (an
/// exclusive <c>flock</c> on Unix, a share mode on Windows), and <c>{database}.owner</c> naming the process that holds it.
/// SQLite alone lets a second process open the same file, and two nodes on one store would serve from one pool with two
/// sets of in-memory bookkeeping. The claim ends with the process (or <see cref="Dispose"/>), so a crash never leaves a
/// stale one; the files stay (deleting a lock file lets a third opener lock a new file while the second holds the old).
/// </summary>
internal sealed class StoreFileLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreFileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of the store at <paramref name="databasePath"/>.</summary>
    public static string PathOf(string databasePath) => databasePath + ".lock";

    /// <summary>The file naming the process that holds the store at <paramref name="databasePath"/>.</summary>
    public static string OwnerPathOf(string databasePath) => databasePath + ".owner";

    /// <summary>
    /// Takes the claim, or throws <see cref="IOException"/> with one line naming the process that holds it. Creates both
    /// files owner-only (0600) when missing.
    /// </summary>
    public static StoreFileLock Acquire(string databasePath)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(PathOf(databasePath), Options(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(PathOf(databasePath)))
        {
            throw new IOException($"The key store {databasePath} is in use by {ReadOwner(databasePath)}; stop that process, or give this one its own store.");
        }

        try
        {
            using var owner = new StreamWriter(OwnerPathOf(databasePath), System.Text.Encoding.ASCII, Options(FileMode.Create, FileAccess.Write, FileShare.Read));
            owner.Write(string.Create(CultureInfo.InvariantCulture, $"process {Environment.ProcessId} on {Environment.MachineName}\n"));
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new StoreFileLock(stream);
    }

    /// <summary>Releases the claim.</summary>
    public void Dispose() => _stream.Dispose();

    private static FileStreamOptions Options(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = StoreFiles.OwnerOnlyFile;
        }

        return options;
    }

    private static string ReadOwner(string databasePath)
    {
        try
        {
            string text = File.ReadLines(OwnerPathOf(databasePath)).FirstOrDefault() ?? string.Empty;
            // the owner may not have written its line yet, or wrote something this build does not know
            return text.StartsWith("process ", StringComparison.Ordinal) && text.Length <= 200 ? text : "another process";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "another process";
        }
    }
}
