using BenchmarkDotNet.Attributes;
using Org.BouncyCastle.Math;
using QkdNet.Services.Cloud.Password;

namespace QkdNet.Benchmarks.Services;

/// <summary>
/// TOPPSS over P-256 (docs/cloud-password.md): one whole restore at k = 3 of n = 5 against five in-process share servers
/// (hash to curve, blinding, five evaluations, one Lagrange combination and tag check, two liar checks, five
/// confirmations), the same with one server lying, one server's evaluation b_i = k_i * a alone, and hash-to-curve alone.
/// The servers' rate limiters allow every guess here (FreeGuesses = int.MaxValue): the bench measures the cryptography.
/// </summary>
[MemoryDiagnoser]
public class PasswordRestoreBenchmarks
{
    private const string Password = "correct horse battery staple";
    private static readonly UserId User = UserId.Create("bench-user").Value;
    private static readonly GuessLimiterOptions Unlimited = new() { FreeGuesses = int.MaxValue };

    private readonly List<InMemoryOprfRecordStore> _stores = [];
    private PasswordRestoreClient _client = null!;
    private PasswordRestoreClient _clientWithLiar = null!;
    private OprfKeyShareServer _server = null!;
    private OprfEvaluateRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var servers = new List<OprfServerConnection>();
        for (int i = 0; i < 5; i++)
        {
            var store = new InMemoryOprfRecordStore();
            _stores.Add(store);
            var server = new OprfKeyShareServer(store, new ExponentialBackoffGuessLimiter(TimeProvider.System, Unlimited), new InMemoryOprfAuditSink(), TimeProvider.System);
            servers.Add(new OprfServerConnection($"server-{i + 1}", server));
        }

        _server = new OprfKeyShareServer(_stores[0], new ExponentialBackoffGuessLimiter(TimeProvider.System, Unlimited), new InMemoryOprfAuditSink(), TimeProvider.System);
        _client = PasswordRestoreClient.Create(servers, 3).Value;
        if (!_client.SetupAsync(User, Password, new byte[32]).GetAwaiter().GetResult().IsDone)
        {
            throw new InvalidOperationException("Set-up failed.");
        }

        var liar = new LyingServer(servers[0].Server);
        _clientWithLiar = PasswordRestoreClient.Create([new OprfServerConnection("liar", liar), .. servers.Skip(1)], 3).Value;
        var blinded = PasswordKeys.HashPassword(User, "x"u8).Multiply(BigInteger.ValueOf(12345));
        _request = new OprfEvaluateRequest(User, GroupElement.FromPoint(blinded)!);
    }

    [GlobalCleanup]
    public void Cleanup() => _stores.ForEach(s => s.Dispose());

    [Benchmark(Description = "restore k=3 n=5 (all honest)")]
    public async Task<bool> Restore()
    {
        var result = await _client.RestoreAsync(User, Password);
        result.Secret?.Dispose();
        return result.IsRestored;
    }

    [Benchmark(Description = "restore k=3 n=5 (server 1 lies)")]
    public async Task<bool> RestoreWithLiar()
    {
        var result = await _clientWithLiar.RestoreAsync(User, Password);
        result.Secret?.Dispose();
        return result.IsRestored;
    }

    [Benchmark(Description = "server evaluation b_i = k_i * a")]
    public async Task<OprfStatus> Evaluate()
    {
        var result = await _server.EvaluateAsync(_request);
        return result.Status;
    }

    [Benchmark(Description = "hash to curve (RFC 9380)")]
    public bool HashToCurve() => PasswordKeys.HashPassword(User, "correct horse battery staple"u8).IsValid();

    /// <summary>Server 1 answers with the generator instead of k_1 * a, so the first subset fails and server 1 is named.</summary>
    private sealed class LyingServer(IOprfServer inner) : IOprfServer
    {
        private static readonly GroupElement Generator = GroupElement.TryDecode(Convert.FromHexString("036B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296")).Value;

        public Task<OprfResult> EnrollAsync(OprfEnrollRequest request, CancellationToken cancellationToken = default) => inner.EnrollAsync(request, cancellationToken);

        public async Task<OprfEvaluateResult> EvaluateAsync(OprfEvaluateRequest request, CancellationToken cancellationToken = default)
        {
            var r = await inner.EvaluateAsync(request, cancellationToken);
            return r.Status == OprfStatus.Ok ? OprfEvaluateResult.Evaluated(r.ShareIndex, Generator, r.Tag, r.Envelope, r.Epoch, r.Guess) : r;
        }

        public Task<OprfResult> ConfirmAsync(OprfConfirmRequest request, CancellationToken cancellationToken = default) => inner.ConfirmAsync(request, cancellationToken);

        public Task<OprfResult> RefreshAsync(OprfRefreshRequest request, CancellationToken cancellationToken = default) => inner.RefreshAsync(request, cancellationToken);

        public Task<OprfResult> RemoveAsync(OprfRemoveRequest request, CancellationToken cancellationToken = default) => inner.RemoveAsync(request, cancellationToken);
    }
}
