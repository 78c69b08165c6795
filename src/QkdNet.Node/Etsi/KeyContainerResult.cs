using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using QkdNet.KeyManagement;

namespace QkdNet.Node.Etsi;

/// <summary>
/// A 200 carrying an ETSI key container (clause 6.3). Writes the keys straight from their
/// <see cref="KeyMaterial"/> as base64 into a buffer it zeroes afterwards, then disposes (zeroes) the keys;
/// no key text is ever a .NET string. Owns the keys from construction.
/// </summary>
public sealed class KeyContainerResult : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private readonly IReadOnlyList<DeliveredKey> _keys;
    private readonly EtsiKeyContainerExtension? _extension;

    /// <summary>Takes ownership of <paramref name="keys"/>; relayed keys (<see cref="KeyManagement.Relay.RelayedKeys"/>) also get their route in <c>key_container_extension</c>.</summary>
    public KeyContainerResult(IReadOnlyList<DeliveredKey> keys)
    {
        _keys = keys;
        _extension = keys is KeyManagement.Relay.RelayedKeys relayed ? EtsiKeyContainerExtension.From(relayed) : null;
    }

    /// <summary>200.</summary>
    public int? StatusCode => StatusCodes.Status200OK;

    /// <summary>How many keys it carries.</summary>
    public int Count => _keys.Count;

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(EtsiKeyContainer), ["application/json"]));
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using var buffer = new ZeroingBufferWriter(64 + (_keys.Count * 96));
        try
        {
            Write(buffer);
        }
        finally
        {
            foreach (DeliveredKey key in _keys)
            {
                key.Material.Dispose();
            }
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json";
        httpContext.Response.ContentLength = buffer.WrittenCount;
        await httpContext.Response.Body.WriteAsync(buffer.WrittenMemory, httpContext.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Disposes the keys without sending them (the answer was abandoned).</summary>
    public void Discard()
    {
        foreach (DeliveredKey key in _keys)
        {
            key.Material.Dispose();
        }
    }

    private void Write(ZeroingBufferWriter buffer)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteStartArray("keys");
        foreach (DeliveredKey key in _keys)
        {
            writer.WriteStartObject();
            writer.WriteString("key_ID", key.Id.Value);
            writer.WriteBase64String("key", key.Material.Span);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (_extension is not null)
        {
            writer.WritePropertyName("key_container_extension");
            JsonSerializer.Serialize(writer, _extension, (JsonTypeInfo<EtsiKeyContainerExtension>)EtsiJson.Options.GetTypeInfo(typeof(EtsiKeyContainerExtension)));
        }

        writer.WriteEndObject();
        writer.Flush();
    }
}
