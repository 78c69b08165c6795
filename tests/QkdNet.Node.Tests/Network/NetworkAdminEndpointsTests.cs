using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;
using QkdNet.Node.Configuration;
using QkdNet.Node.Network;
using QkdNet.Node.Security;
using QkdNet.Node.Tests.Support;
using QkdNet.PostProcessing.Pipeline;
using QkdNet.Quantum.Physics;

namespace QkdNet.Node.Tests.Network;

/// <summary>The node's network admin routes, called as Kestrel would after the TLS handshake (the client certificate on the connection).</summary>
public sealed class NetworkAdminEndpointsTests : IDisposable
{
    private static readonly LinkId Link = LinkId.Create("link-ab");
    private static readonly KmeId PeerKme = KmeId.Create("kme-b");

    private readonly SimulatedQkdLink _simulated = new(Link.Value, LinkPresets.Create("gys", 13).Value, pulsesPerBlock: 200_000_000);
    private readonly LinkRegistry _registry = new();
    private readonly CapturingLogger<NetworkAdminEndpointsTests> _log = new();
    private readonly CallerResolver _callers;
    private readonly X509Certificate2 _ops = CertificateOf("ops");

    public NetworkAdminEndpointsTests()
    {
        PoolOptions pool = PoolOptions.Default;
        var settings = new NodeSettings(
            KmeId.Create("kme-a"), new IPEndPoint(IPAddress.Loopback, 0), LogLevel.Warning,
            new StoreSettings("a.db", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), 128, 8192, 8, pool),
            new TlsSettings("a.crt", "a.key", "ca.crt"), new UnsealSettings(null, null, false, SealSetup.MinPbkdf2Iterations, 0, 0, null),
            [new SaeSettings(SaeId.Create("sae-a1"), null)], [new AdminSettings("ops", TrustAnchor.Sha256(_ops))],
            [new PeerSettings(PeerKme, new Uri("https://127.0.0.1:1/"), null, [])],
            [new LinkSettings(Link, PeerKme, new LinkSourceSettings(LinkSourceKind.Simulated, "gys", 13, 200_000_000, 0))]);
        _callers = new CallerResolver(settings);
        _registry.Attach(Link, _simulated.Alice, _simulated);
    }

    [Fact]
    public async Task Recommission_ByAnAdmin_RestartsTheLinkHaltedByAFailedTag_AndIsAudited()
    {
        await HaltAsync();

        var answer = await NetworkAdminEndpoints.RecommissionAsync(Link.Value, ContextOf(_ops), _registry, _callers, new OneLoggerFactory(_log));

        RecommissionAnswer body = Assert.IsType<Ok<RecommissionAnswer>>(answer.Result).Value!;
        Assert.True(body.WasHalted);
        Assert.False(_simulated.IsHalted);
        Assert.Equal(1, _simulated.Recommissions);
        string audit = await _log.NextLineAsync();
        Assert.Contains("AUDIT link link-ab: re-commissioned", audit, StringComparison.Ordinal);
        Assert.Contains("by ops", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommission_ByAnSae_Is403_AndTheLinkStaysHalted()
    {
        await HaltAsync();

        var answer = await NetworkAdminEndpoints.RecommissionAsync(Link.Value, ContextOf(CertificateOf("sae-a1")), _registry, _callers, new OneLoggerFactory(_log));

        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsType<ProblemHttpResult>(answer.Result).StatusCode);
        Assert.True(_simulated.IsHalted);
        Assert.Equal(0, _simulated.Recommissions);
    }

    [Fact]
    public async Task Recommission_OfALinkThisNodeDoesNotRun_Is404()
    {
        var answer = await NetworkAdminEndpoints.RecommissionAsync("other-link", ContextOf(_ops), _registry, _callers, new OneLoggerFactory(_log));

        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<ProblemHttpResult>(answer.Result).StatusCode);
    }

    public void Dispose()
    {
        _simulated.Dispose();
        _ops.Dispose();
    }

    private async Task HaltAsync()
    {
        _simulated.TamperWithClassicalChannel();
        await _simulated.RunBlockAsync();
        Assert.True(_simulated.IsHalted);
    }

    private static X509Certificate2 CertificateOf(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // client authentication
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
    }

    private static DefaultHttpContext ContextOf(X509Certificate2 certificate)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = certificate;
        return context;
    }

    private sealed class OneLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }
    }
}
