using Microsoft.Extensions.DependencyInjection;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Relay;

/// <summary>Registers key relay when the node's configuration has a network section.</summary>
public static class RelayServiceCollectionExtensions
{
    /// <summary>Adds <see cref="RelayService"/> and its Kx client, or nothing when <see cref="NodeSettings.Network"/> is null.</summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Network is not null)
        {
            services.AddSingleton<RelayClient>();
            services.AddSingleton<RelayService>();
            services.AddHostedService<RelaySweeper>();
            services.AddHostedService<RelayPadProvisioner>();
        }

        return services;
    }
}
