using QkdNet.KeyManagement.Storage;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Hosting;

/// <summary>
/// What <c>node --check</c> finds beyond the configuration file: what start-up would fail on, and what would leave the
/// node running but sealed. Creates no folder and no store: at most a probe file (deleted at once) where a store would be
/// created, and the lock files of an existing store while it checks that no other process holds it.
/// </summary>
public static class NodeCheck
{
    /// <summary>One line naming what would stop the node from starting, or null.</summary>
    public static string? StartupProblem(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // a PostgreSQL store is checked by connecting, which start-up reports in one line (KeyStoreOpenException)
        return settings.Store.Postgres is null ? SqliteKeyStore.CheckOpen(settings.Store.Path) : null;
    }

    /// <summary>One line when the node would start sealed for want of its passphrase (naming the variable or file), or null.</summary>
    public static string? SealedWarning(NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return StoreUnsealer.MissingPassphrase(settings.Unseal) is { } reason
            ? $"the key store will start sealed (key routes answer 503): {reason}."
            : null;
    }
}
