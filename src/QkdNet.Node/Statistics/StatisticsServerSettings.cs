using System.Net;
using Microsoft.Extensions.Logging;
using QkdNet.Services.Cloud.Access;

namespace QkdNet.Node.Statistics;

/// <summary>One server of the statistics service, as every server's configuration lists it.</summary>
/// <param name="Name">Its certificate's common name and its SAE ID at its KME.</param>
/// <param name="Url">Its base URL.</param>
public sealed record StatisticsPeer(string Name, Uri Url);

/// <summary>A checked statistics-server configuration (<see cref="StatisticsServerConfigLoader"/>); paths are absolute.</summary>
/// <param name="Name">This server's name (its certificate's common name).</param>
/// <param name="Listen">The HTTPS endpoint.</param>
/// <param name="CertificatePath">The certificate (PEM).</param>
/// <param name="KeyPath">Its private key (PEM).</param>
/// <param name="CaPath">The CA bundle every client and peer must chain to.</param>
/// <param name="KmeUrl">The KME this server is an SAE of, or null with development pairwise keys.</param>
/// <param name="KmeId">That KME's ID.</param>
/// <param name="DevelopmentPairwiseKeys">True: pairwise keys over mutual TLS (labelled NOT QKD in every answer).</param>
/// <param name="Servers">All servers of the computation in party order (this one included); every server lists them alike.</param>
/// <param name="Threshold">Shamir threshold t (2t + 1 servers must be up).</param>
/// <param name="DataDirectory">Where this server keeps its shares of each dataset and its audit log.</param>
/// <param name="Policy">Who holds which role.</param>
/// <param name="MinimumGroupSize">The smallest group answered; a query may ask for more, never less.</param>
/// <param name="RoundTimeout">How long a party waits for a peer's message in one round.</param>
/// <param name="LogLevel">The minimum log level.</param>
public sealed record StatisticsServerSettings(
    string Name, IPEndPoint Listen, string CertificatePath, string KeyPath, string CaPath, Uri? KmeUrl, string KmeId, bool DevelopmentPairwiseKeys,
    IReadOnlyList<StatisticsPeer> Servers, int Threshold, string DataDirectory, AccessPolicy Policy, int MinimumGroupSize, TimeSpan RoundTimeout, LogLevel LogLevel)
{
    /// <summary>
    /// When set, a folder where every message a peer sends this server is appended, per query and sender
    /// (<c>QUERY/from-I.bin</c>, the raw payloads in order): the server's view, for the test that it is independent of
    /// the records. For tests only: the files grow with every query (they hold only what this server receives anyway).
    /// </summary>
    public string? RecordPeerMessages { get; init; }

    /// <summary>This server's party index.</summary>
    public int Self => Servers.Select((s, i) => (s, i)).First(p => p.s.Name == Name).i;
}
