using QkdNet.Services.Cloud.Access;
using QkdNet.Services.Cloud.Password;
using QkdNet.Services.Cloud.Storage;

namespace QkdNet.Node.Cloud;

/// <summary>
/// The share server's part of TOPPSS (docs/cloud-password.md): one <see cref="OprfKeyShareServer"/> over the server's
/// configured record store (SQLite beside the share store, or the server's PostgreSQL schema), rate-limited per user and audited into the server's audit chain, behind one access rule: a caller
/// reaches only the record named after itself (its certificate's common name), and only with the policy's owner role.
/// So no one can enrol, guess for, refresh or remove another user's password record, and a prober learns nothing about
/// which other users exist: every request about another name gets the same 403.
/// </summary>
public sealed class ShareServerPassword : IDisposable
{
    private readonly AccessPolicy _policy;
    private readonly SqlOprfRecordStore _records;

    private ShareServerPassword(AccessPolicy policy, SqlOprfRecordStore records, IShareStore audit, TimeProvider time)
    {
        _policy = policy;
        _records = records;
        Server = new OprfKeyShareServer(records, new ExponentialBackoffGuessLimiter(time), new ShareStoreOprfAudit(audit), time);
    }

    /// <summary>The OPRF key-share server the routes call.</summary>
    public IOprfServer Server { get; }

    /// <summary>Serves TOPPSS over <paramref name="records"/> (taken over: disposed with this object).</summary>
    public static ShareServerPassword Open(SqlOprfRecordStore records, AccessPolicy policy, IShareStore audit, TimeProvider time) =>
        new(policy, records, audit, time);

    /// <summary>Null when <paramref name="caller"/> may act on <paramref name="user"/>'s record, else the one reason it may not (the same for every other name).</summary>
    public string? Refusal(string caller, string user) =>
        string.Equals(caller, user, StringComparison.Ordinal) && _policy.RolesOf(caller).Contains(CloudRole.Owner)
            ? null
            : "a password record is reached only by its owner: the caller's certificate must name the user, with the owner role.";

    /// <inheritdoc />
    public void Dispose() => _records.Dispose();
}
