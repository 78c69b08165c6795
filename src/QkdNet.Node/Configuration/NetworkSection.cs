using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;

namespace QkdNet.Node.Configuration;

// The "network" member of node.json: { "topology": "network.json", "paths": 1, "relay_timeout_seconds": 5 }.
#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed class NetworkSection
{
    public string? Topology { get; set; }

    public int? Paths { get; set; }

    public double? RelayTimeoutSeconds { get; set; }

    public ControllerSection? Controller { get; set; }

    /// <summary>
    /// Checks the section against the node's own settings: the topology must load, name this node, and every
    /// link of this node in it must be configured here with the same peer. Returns the settings, or the
    /// field and the problem.
    /// </summary>
    public (NetworkSettings? Settings, string? Field, string? Problem) Check(string baseDirectory, KmeId self, IReadOnlyList<LinkSettings> links, IReadOnlyList<SaeSettings> saes)
    {
        if (string.IsNullOrWhiteSpace(Topology))
        {
            return (null, "$.network.topology", "is required.");
        }

        Result<NetworkTopology> loaded = TopologyFile.Load(Path.GetFullPath(Topology, baseDirectory));
        if (!loaded.IsSuccess)
        {
            return (null, "$.network.topology", loaded.Error);
        }

        NetworkTopology topology = loaded.Value;
        if (!topology.ContainsNode(self))
        {
            return (null, "$.network.topology", $"the topology has no node '{self}' (this node's kme_id).");
        }

        foreach (TopologyLink link in topology.LinksOf(self))
        {
            if (!links.Any(l => l.Id == link.Id && l.Peer == link.OtherEnd(self)))
            {
                return (null, "$.network.topology", $"link '{link.Id}' to '{link.OtherEnd(self)}' is in the topology but not in $.links.");
            }
        }

        if (saes.FirstOrDefault(s => s.Id.Value.StartsWith(RelayNames.SaePrefix, StringComparison.Ordinal)) is { } reserved)
        {
            return (null, "$.saes", $"SAE {reserved.Id}: names starting '{RelayNames.SaePrefix}' are reserved for relay pads.");
        }

        int paths = Paths ?? 1;
        if (paths < 1 || paths > RelayHeader.MaxShares)
        {
            return (null, "$.network.paths", $"must be 1 to {RelayHeader.MaxShares}.");
        }

        double timeout = RelayTimeoutSeconds ?? 5;
        if (!(timeout > 0 && timeout <= 300))
        {
            return (null, "$.network.relay_timeout_seconds", "must be more than 0 and at most 300.");
        }

        ControllerLink? controller = null;
        if (Controller is { } c)
        {
            if (!Uri.TryCreate(c.Url, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            {
                return (null, "$.network.controller.url", "must be an absolute https:// URL.");
            }

            double every = c.ReportIntervalSeconds ?? 1;
            if (!(every >= 0.05 && every <= 3600))
            {
                return (null, "$.network.controller.report_interval_seconds", "must be from 0.05 to 3600.");
            }

            controller = new ControllerLink(url, c.Name ?? "controller", TimeSpan.FromSeconds(every));
        }

        return (new NetworkSettings(topology, paths, TimeSpan.FromSeconds(timeout), controller), null, null);
    }
}

// "controller": { "url": "https://127.0.0.1:8440", "name": "controller", "report_interval_seconds": 1 }
internal sealed class ControllerSection
{
    public string? Url { get; set; }

    public string? Name { get; set; }

    public double? ReportIntervalSeconds { get; set; }
}
