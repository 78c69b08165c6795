using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Routing;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Relay;

/// <summary>Registers key relay when the node's configuration has a network section.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// Wires the library's <see cref="KeyRelay"/> to this host: routes from a <see cref="RoutingTable"/> of the network
    /// section, hops over Kx, pads over the node's key store; plus its background work. Nothing when
    /// <see cref="NodeSettings.Network"/> is null.
    /// </summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Network is { } network)
        {
            services.AddSingleton(_ => new RoutingTable(network.Topology));
            services.AddSingleton<IRelayRouteSource>(sp => new RoutingTableRelayRoutes(sp.GetRequiredService<RoutingTable>()));
            services.AddSingleton<RelayClient>();
            services.AddSingleton<IRelayHopTransport, KxRelayTransport>();

            // the container disposes the relay (which waits for its refills) before the pads it was given
            services.AddSingleton(sp => new StoreRelayPads(sp.GetRequiredService<IKeyStore>(), settings.KmeId));
            services.AddSingleton(sp => new KeyRelay(
                NodeRelay.Options(settings),
                sp.GetRequiredService<IRelayRouteSource>(),
                sp.GetRequiredService<IRelayHopTransport>(),
                sp.GetRequiredService<StoreRelayPads>(),
                sp.GetRequiredService<IKeyStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<KeyRelay>>()));
            services.AddSingleton<NodeRelay>();
            services.AddHostedService<RelaySweeper>();
            services.AddHostedService<RelayPadProvisioner>();
        }

        return services;
    }
}
