using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace QkdNet.Node.Web;

/// <summary>Hands Kestrel a <see cref="LargeBlockMemoryPool"/> for each transport (registered as the host's <see cref="IMemoryPoolFactory{T}"/>).</summary>
public sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    /// <summary>The one factory.</summary>
    public static LargeBlockMemoryPoolFactory Instance { get; } = new();

    /// <inheritdoc />
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
