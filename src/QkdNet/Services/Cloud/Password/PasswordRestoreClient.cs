using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Math;
using QkdNet.Primitives.SecretSharing;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The user's side of TOPPSS (Jarecki, Kiayias, Krawczyk, Xu, "TOPPSS: Cost-minimal Password-Protected Secret Sharing
/// based on Threshold OPRF", ACNS 2017): set up a secret under a password across n share servers, any k of which restore
/// it; restore it from the password alone, naming servers whose answers are proven false; refresh the key shares. A
/// server that cannot be reached or answers garbage is reported as <see cref="OprfStatus.ServerFailed"/>, never thrown.
/// Thread-safe (no mutable state); calls to the servers run concurrently.
/// </summary>
public sealed partial class PasswordRestoreClient
{
    /// <summary>Most k-subsets of the answers tried in search of one that verifies (C(12, 6) = 924 fits easily).</summary>
    public const int MaxSubsetsTried = 4096;

    private readonly OprfServerConnection[] _servers;
    private readonly Func<BigInteger> _randomScalar;

    private PasswordRestoreClient(OprfServerConnection[] servers, int threshold, Func<BigInteger> randomScalar)
    {
        _servers = servers;
        Threshold = threshold;
        _randomScalar = randomScalar;
    }

    /// <summary>k: the answers needed to restore, and one more than the servers that can be corrupted safely.</summary>
    public int Threshold { get; }

    /// <summary>n.</summary>
    public int ServerCount => _servers.Length;

    /// <summary>
    /// A client for <paramref name="servers"/> (position j holds share x = j + 1) with threshold k = <paramref name="threshold"/>;
    /// 2 ≤ k ≤ n ≤ 255. The failure names the problem.
    /// </summary>
    public static Result<PasswordRestoreClient> Create(IReadOnlyList<OprfServerConnection> servers, int threshold) =>
        Create(servers, threshold, P256.RandomScalar);

    /// <summary>As <see cref="Create(IReadOnlyList{OprfServerConnection}, int)"/> with the polynomial's random coefficients from
    /// <paramref name="randomScalar"/>: a seeded source in tests only, to show what servers hold does not depend on the password.</summary>
    internal static Result<PasswordRestoreClient> Create(IReadOnlyList<OprfServerConnection> servers, int threshold, Func<BigInteger> randomScalar)
    {
        if (servers is null || servers.Any(s => s?.Server is null || string.IsNullOrWhiteSpace(s.Name)))
        {
            return Result<PasswordRestoreClient>.Fail("every share server needs a name and a connection.");
        }

        if (ShamirSharing.CheckParameters(threshold, servers.Count) is { } problem)
        {
            return Result<PasswordRestoreClient>.Fail(problem);
        }

        if (servers.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != servers.Count)
        {
            return Result<PasswordRestoreClient>.Fail("two share servers have the same name.");
        }

        return new PasswordRestoreClient([.. servers], threshold, randomScalar);
    }

    /// <summary>The password as UTF-8 (the caller zeroes it), or the problem.</summary>
    private static string? EncodePassword(string? password, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(password))
        {
            return "the password is empty.";
        }

        bytes = Encoding.UTF8.GetBytes(password);
        if (bytes.Length > PasswordKeys.MaxPasswordBytes)
        {
            CryptographicOperations.ZeroMemory(bytes);
            bytes = [];
            return $"the password is longer than {PasswordKeys.MaxPasswordBytes} UTF-8 bytes.";
        }

        return null;
    }

    /// <summary>Runs one call to a server; a transport exception becomes <paramref name="failed"/>'s value.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> call, Func<string, T> failed, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false) ?? failed("the server gave no answer.");
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return failed($"{e.GetType().Name}: {e.Message}");
        }
    }

    // What a network transport throws when a server is down, slow or speaks garbage; anything else is a bug and propagates.
    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException or TimeoutException or SocketException or InvalidDataException or JsonException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private Task<OprfResult> CallAsync(int position, Func<IOprfServer, Task<OprfResult>> call, CancellationToken cancellationToken) =>
        GuardAsync(() => call(_servers[position].Server), reason => new OprfResult(OprfStatus.ServerFailed, reason), cancellationToken);

    private ServerFailure Failure(int position, OprfResult result) =>
        new(_servers[position].Name, position + 1, result.Status, result.Problem ?? result.Status.ToString());
}
