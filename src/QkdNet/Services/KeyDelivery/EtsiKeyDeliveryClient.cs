using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using QkdNet.KeyManagement;

namespace QkdNet.Services.KeyDelivery;

/// <summary>
/// <see cref="IKeyDelivery"/> over HTTPS: POST <c>enc_keys</c>/<c>dec_keys</c> with JSON bodies, GET <c>status</c>.
/// A status is repeated on 503 and on transport failures, an <c>enc_keys</c> on 503 only (the KME says it handed
/// nothing out; after a lost answer it may have), and a <c>dec_keys</c> never: each key ID is delivered once, so the
/// caller decides. Back-off is jittered (<see cref="KeyDeliveryRetryPolicy"/>) and timed by the injected
/// <see cref="TimeProvider"/>. Thread-safe.
/// </summary>
public sealed partial class EtsiKeyDeliveryClient : IKeyDelivery, IDisposable
{
    /// <summary>The largest answer read, in bytes (64 MiB: far above any key container, a thousand 8,192-bit keys in base64 being about 1.4 MiB).</summary>
    private const int MaxBodyBytes = 1 << 26;

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly KeyDeliveryRetryPolicy _retry;
    private readonly TimeProvider _time;
    private readonly Random? _jitter;
    private readonly Lock _jitterLock = new();

    /// <summary>A client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the KME's base URL.</summary>
    /// <param name="http">The HTTP client (not disposed by this one).</param>
    /// <param name="retry">Retry policy; <see cref="KeyDeliveryRetryPolicy.Default"/> when null.</param>
    /// <param name="time">Clock of the back-off; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="jitter">Source of the back-off jitter (not key material, so a seeded one is fine in tests); when null, the system's cryptographic generator.</param>
    public EtsiKeyDeliveryClient(HttpClient http, KeyDeliveryRetryPolicy? retry = null, TimeProvider? time = null, Random? jitter = null)
        : this(http, ownsHttp: false, retry, time, jitter)
    {
    }

    private EtsiKeyDeliveryClient(HttpClient http, bool ownsHttp, KeyDeliveryRetryPolicy? retry, TimeProvider? time, Random? jitter)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null)
        {
            throw new ArgumentException("The HTTP client needs the KME's base URL as its BaseAddress.", nameof(http));
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _retry = retry ?? KeyDeliveryRetryPolicy.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_retry.MaxAttempts, 1, nameof(retry));
        _time = time ?? TimeProvider.System;
        _jitter = jitter;
    }

    /// <summary>A client for <paramref name="connection"/> (mutual TLS from its PEM files, the KME checked by name and pin).</summary>
    public static EtsiKeyDeliveryClient Create(KmeConnection connection, KeyDeliveryRetryPolicy? retry = null, TimeProvider? time = null, Random? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new EtsiKeyDeliveryClient(connection.CreateHttpClient(), ownsHttp: true, retry, time, jitter);
    }

    /// <inheritdoc />
    public Task<Result<KmeStatus, KeyDeliveryError>> GetStatusAsync(SaeId slave, CancellationToken cancellationToken = default) =>
        SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, Route(slave, "status")),
            retryTransport: true,
            retries: _retry.MaxAttempts,
            ReadStatus,
            cancellationToken);

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysAsync(
        SaeId slave, int? number, int? sizeBits, IReadOnlyList<SaeId>? additionalSlaves = null, CancellationToken cancellationToken = default)
    {
        byte[] body = EncKeysBody(number, sizeBits, additionalSlaves);
        return SendAsync(
            () => Post(Route(slave, "enc_keys"), body),
            retryTransport: false,
            retries: _retry.MaxAttempts,
            (bytes, length) => ReadKeys(bytes, length, number, sizeBits, expectedIds: null),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError>> GetKeysWithIdsAsync(
        SaeId master, IReadOnlyList<KeyId> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        byte[] body = DecKeysBody(ids);
        return SendAsync(
            () => Post(Route(master, "dec_keys"), body),
            retryTransport: false,
            retries: 1,
            (bytes, length) => ReadKeys(bytes, length, ids.Count, null, ids),
            cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Route(SaeId sae, string action) => $"api/v1/keys/{Uri.EscapeDataString(sae.Value)}/{action}";

    private static HttpRequestMessage Post(string route, byte[] body) => new(HttpMethod.Post, route)
    {
        Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
    };

    private async Task<Result<T, KeyDeliveryError>> SendAsync<T>(
        Func<HttpRequestMessage> request, bool retryTransport, int retries, Func<byte[], int, Result<T, KeyDeliveryError>> read, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            Result<T, KeyDeliveryError> result = await SendOnceAsync(request, read, cancellationToken).ConfigureAwait(false);
            bool repeatable = result.Error is { } error
                && (error.Kind == KeyDeliveryErrorKind.Unavailable || (retryTransport && error.Kind == KeyDeliveryErrorKind.Transport));
            if (!repeatable || attempt >= retries)
            {
                return result;
            }

            double unit;
            if (_jitter is null)
            {
                // a uniform draw in [0, 1) with 30 bits of resolution, plenty for a back-off delay
                unit = RandomNumberGenerator.GetInt32(1 << 30) / (double)(1 << 30);
            }
            else
            {
                lock (_jitterLock)
                {
                    unit = _jitter.NextDouble();
                }
            }

            TimeSpan delay = _retry.Delay(attempt, unit);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Result<T, KeyDeliveryError>> SendOnceAsync<T>(
        Func<HttpRequestMessage> request, Func<byte[], int, Result<T, KeyDeliveryError>> read, CancellationToken cancellationToken)
    {
        byte[]? body = null;
        int length = 0;
        try
        {
            using HttpRequestMessage message = request();
            message.Version = HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            using HttpResponseMessage response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            (body, length) = await ReadOwnedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK ? read(body, length) : Result<T, KeyDeliveryError>.Fail(ReadError((int)response.StatusCode, body.AsSpan(0, length)));
        }
        catch (HttpRequestException e)
        {
            return Result<T, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.Transport, null, Describe(e)));
        }
        catch (IOException e)
        {
            return Result<T, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.Transport, null, Describe(e)));
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout, not the caller's token
            return Result<T, KeyDeliveryError>.Fail(new KeyDeliveryError(KeyDeliveryErrorKind.Transport, null, "no answer within the timeout: " + Describe(e)));
        }
        finally
        {
            if (body is not null)
            {
                // the body of a key container holds the keys in base64
                CryptographicOperations.ZeroMemory(body);
            }
        }
    }

    /// <summary>The exception's message and its causes' (a TLS refusal says why only in the inner one).</summary>
    private static string Describe(Exception e)
    {
        var text = new StringBuilder(e.Message);
        for (Exception? inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            text.Append(" <- ").Append(inner.Message);
        }

        return text.ToString();
    }

    /// <summary>Reads the whole body into an array this client owns, so it can zero it (no pooled or shared buffer holds the keys).</summary>
    private static async Task<(byte[] Body, int Length)> ReadOwnedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        long? declared = content.Headers.ContentLength;
        byte[] buffer = new byte[declared is > 0 and <= MaxBodyBytes ? (int)declared.Value : 4096];
        int length = 0;
        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= MaxBodyBytes)
                    {
                        CryptographicOperations.ZeroMemory(buffer);
                        throw new IOException($"the KME's answer exceeds {MaxBodyBytes} bytes");
                    }

                    byte[] larger = new byte[buffer.Length * 2];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
    }

    private static KeyDeliveryError ReadError(int status, ReadOnlySpan<byte> body)
    {
        KeyDeliveryErrorKind kind = status switch
        {
            400 => KeyDeliveryErrorKind.BadRequest,
            401 => KeyDeliveryErrorKind.Unauthorized,
            503 => KeyDeliveryErrorKind.Unavailable,
            _ => KeyDeliveryErrorKind.UnexpectedStatus,
        };
        try
        {
            var reader = new Utf8JsonReader(body);
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out JsonElement message)
                && message.ValueKind == JsonValueKind.String)
            {
                string? details = document.RootElement.TryGetProperty("details", out JsonElement d) ? d.GetRawText() : null;
                return new KeyDeliveryError(kind, status, message.GetString()!, details);
            }
        }
        catch (JsonException)
        {
            // not the ETSI error body; described below
        }

        return new KeyDeliveryError(kind, status, $"the KME answered {status} without an ETSI error body");
    }
}
