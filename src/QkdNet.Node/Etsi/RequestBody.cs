using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace QkdNet.Node.Etsi;

/// <summary>
/// Reads a JSON request body with a size cap, turning every client mistake (too large, truncated, not JSON,
/// wrong types) into an error value rather than an exception or a 413.
/// </summary>
internal static class RequestBody
{
    /// <summary>Largest body accepted on the ETSI routes, in bytes: 1024 key IDs of 70 bytes fit three times over.</summary>
    public const int MaxBytes = 256 * 1024;

    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, JsonSerializerOptions options)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, $"the body is larger than {MaxBytes} bytes");
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(8192);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxBytes + 1)
                    {
                        return (null, $"the body is larger than {MaxBytes} bytes");
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, MaxBytes + 1) - length), request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > MaxBytes)
                {
                    return (null, $"the body is larger than {MaxBytes} bytes");
                }
            }

            T? value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), options);
            return value is null ? (null, "the body must be a JSON object") : (value, null);
        }
        catch (JsonException e)
        {
            return (null, $"invalid JSON at {e.Path ?? "$"}");
        }
        catch (BadHttpRequestException)
        {
            return (null, "the body could not be read");
        }
        finally
        {
            // request bodies carry key IDs, never key bytes; the pool is fine here
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
