using System.Net;
using QkdNet.Control.Health;
using QkdNet.Control.Topology;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Controller;

/// <summary>The checked settings of a <c>qkdnet controller</c> process.</summary>
/// <param name="Topology">The network it controls; node IDs are the common names of the nodes' certificates.</param>
/// <param name="Listen">Address and port (HTTPS, mutual TLS).</param>
/// <param name="Tls">Its certificate, key and the CA bundle every node's certificate chains to.</param>
/// <param name="Health">Quarantine and recovery thresholds.</param>
public sealed record ControllerSettings(NetworkTopology Topology, IPEndPoint Listen, TlsSettings Tls, LinkHealthOptions Health)
{
    /// <summary>The operators who may read the health view and the metrics (beside the topology's nodes), each by name and pinned certificate.</summary>
    public IReadOnlyList<AdminSettings> Admins { get; init; } = [];

    /// <summary>Read-only viewers of the dashboard, each by name and pinned certificate: they see everything an admin sees and may change nothing.</summary>
    public IReadOnlyList<AdminSettings> Viewers { get; init; } = [];

    /// <summary>
    /// Development mode (<c>qkdnet controller --development</c>): the dashboard may switch an eavesdropper on a simulated
    /// link (an attack drill, handed to the node with its next routing push; only a node marked development obeys).
    /// </summary>
    public bool Development { get; init; }

    /// <summary>Whether the console logs are JSON, one object a line (<c>qkdnet controller --json</c>), instead of text.</summary>
    public bool JsonLogs { get; init; }
}
