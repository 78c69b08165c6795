using Microsoft.Extensions.DependencyInjection;
using QkdNet.Node.Configuration;

namespace QkdNet.Node.Network;

/// <summary>Registers the network layer of a node: link registry, metrics, and the controller reporter when one is configured.</summary>
public static class NetworkServiceCollectionExtensions
{
    /// <summary>Adds <see cref="LinkRegistry"/>, <see cref="NodeMetrics"/> and, with a controller URL, the <see cref="ControllerReporter"/>.</summary>
    public static IServiceCollection AddNetwork(this IServiceCollection services, NodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton<LinkRegistry>();
        services.AddSingleton<NodeMetrics>();
        if (settings.Network?.Controller is not null)
        {
            services.AddHostedService<ControllerReporter>();
        }

        return services;
    }
}
