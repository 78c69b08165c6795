using System.Net;
using QkdNet.KeyManagement;
using QkdNet.Services.KeyDelivery;
using QkdNet.Tests.Services.KeyDelivery.Support;

namespace QkdNet.Tests.Services.KeyDelivery;

public sealed class EtsiKeyDeliveryClientTests
{
    private const string StatusJson = """
        {"source_KME_ID":"A","target_KME_ID":"B","master_SAE_ID":"sae-a1","slave_SAE_ID":"sae-b1","key_size":256,
         "stored_key_count":100,"max_key_count":1000,"max_key_per_request":128,"max_key_size":8192,"min_key_size":64,
         "max_SAE_ID_count":0,"status_extension":{"qkdnet_pool_state":"ready"}}
        """;

    private const string Unavailable = """{"message":"key store sealed"}""";
    private static readonly SaeId Slave = SaeId.Create("sae-b1");
    private static readonly SaeId Master = SaeId.Create("sae-a1");
    private static readonly KeyId IdOne = Id("11111111-1111-4111-8111-111111111111");
    private static readonly KeyId IdTwo = Id("22222222-2222-4222-8222-222222222222");

    // a retry policy with no delay: the tests count calls, they do not wait
    private static readonly KeyDeliveryRetryPolicy ThreeAttempts = new(3, TimeSpan.Zero, TimeSpan.Zero);

    [Fact]
    public async Task GetStatus_503ThenOk_RetriesAndReturnsTheTypedStatus()
    {
        var handler = new CountingHandler().Then(HttpStatusCode.ServiceUnavailable, Unavailable).Then(HttpStatusCode.OK, StatusJson);
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<KmeStatus, KeyDeliveryError> status = await client.GetStatusAsync(Slave);

        Assert.True(status.IsSuccess);
        Assert.Equal(128, status.Value.MaxKeyPerRequest);
        Assert.Equal("B", status.Value.TargetKmeId);
        Assert.Equal(2, handler.Calls);
        Assert.Equal("GET /api/v1/keys/sae-b1/status", handler.Paths[0]);
    }

    [Fact]
    public async Task GetStatus_Always503_StopsAfterTheBoundWithTheKmesMessage()
    {
        var handler = new CountingHandler().Always(HttpStatusCode.ServiceUnavailable, Unavailable);
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<KmeStatus, KeyDeliveryError> status = await client.GetStatusAsync(Slave);

        Assert.Equal(new KeyDeliveryError(KeyDeliveryErrorKind.Unavailable, 503, "key store sealed"), status.Error);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetStatus_ConnectionRefused_IsRetriedThenReturnedAsTransportError()
    {
        var handler = new CountingHandler().AlwaysRefuseConnection();
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<KmeStatus, KeyDeliveryError> status = await client.GetStatusAsync(Slave);

        Assert.Equal(KeyDeliveryErrorKind.Transport, status.Error!.Kind);
        Assert.Null(status.Error.StatusCode);
        Assert.Contains("Connection refused", status.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetKeys_503_IsRetriedBecauseTheKmeHandedNothingOut()
    {
        var handler = new CountingHandler().Then(HttpStatusCode.ServiceUnavailable, Unavailable).Then(HttpStatusCode.OK, Container(IdOne, "AAECAwQFBgc="));
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 64);

        Assert.True(keys.IsSuccess);
        Assert.Equal(2, handler.Calls);
        Dispose(keys.Value);
    }

    [Fact]
    public async Task GetKeys_ConnectionRefused_IsNotRetried()
    {
        var handler = new CountingHandler().AlwaysRefuseConnection();
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 64);

        Assert.Equal(KeyDeliveryErrorKind.Transport, keys.Error!.Kind);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task GetKeysWithIds_503_IsNeverRetried()
    {
        var handler = new CountingHandler().Always(HttpStatusCode.ServiceUnavailable, Unavailable);
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysWithIdsAsync(Master, [IdOne]);

        Assert.Equal(KeyDeliveryErrorKind.Unavailable, keys.Error!.Kind);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task GetKeysWithIds_ConnectionRefused_IsNeverRetried()
    {
        var handler = new CountingHandler().AlwaysRefuseConnection();
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysWithIdsAsync(Master, [IdOne]);

        Assert.Equal(KeyDeliveryErrorKind.Transport, keys.Error!.Kind);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task GetKeys_400_ReturnsBadRequestWithTheKmesMessageAndDetails_WithoutRetry()
    {
        var handler = new CountingHandler().Always(HttpStatusCode.BadRequest, """{"message":"size shall be a multiple of 8","details":[{"parameter":"size"}]}""");
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 63);

        Assert.Equal(KeyDeliveryErrorKind.BadRequest, keys.Error!.Kind);
        Assert.Equal(400, keys.Error.StatusCode);
        Assert.Equal("size shall be a multiple of 8", keys.Error.Message);
        Assert.Equal("""[{"parameter":"size"}]""", keys.Error.Details);
        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task ErrorWithoutEtsiBody_IsTypedAndSaysSo()
    {
        var handler = new CountingHandler().Always(HttpStatusCode.Unauthorized, "<html>nope</html>");
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts, jitter: new Random(1));

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 64);

        Assert.Equal(KeyDeliveryErrorKind.Unauthorized, keys.Error!.Kind);
        Assert.Contains("without an ETSI error body", keys.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeys_PostsTheSpecBodyAndDecodesEscapedBase64()
    {
        // "+/8=" written with JSON escapes, as an encoder that escapes '+' and '/' would: bytes FB FF
        string container = $$$"""{"keys":[{"key_ID":"{{{IdOne}}}","key":"\u002B\u002F8="}],"key_container_extension":{"x":1}}""";
        var handler = new CountingHandler().Then(HttpStatusCode.OK, container);
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts);

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 16, [SaeId.Create("sae-b2")]);

        DeliveredKey key = Assert.Single(keys.Value);
        Assert.Equal(IdOne, key.Id);
        Assert.True(key.Material.FixedTimeEquals([0xFB, 0xFF]));
        Assert.Equal("POST /api/v1/keys/sae-b1/enc_keys", handler.Paths[0]);
        Assert.Equal("""{"number":1,"size":16,"additional_slave_SAE_IDs":["sae-b2"]}""", handler.Bodies[0]);
        Assert.DoesNotContain("+/8", key.ToString(), StringComparison.Ordinal);
        Dispose(keys.Value);
    }

    [Fact]
    public async Task GetKeys_KeyOfAnotherSize_IsAnInvalidResponse()
    {
        var handler = new CountingHandler().Then(HttpStatusCode.OK, Container(IdOne, "AAECAwQFBgc="));
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts);

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, 1, 128);

        Assert.Equal(KeyDeliveryErrorKind.InvalidResponse, keys.Error!.Kind);
        Assert.Contains("128 bits", keys.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetKeysWithIds_ContainerWithOtherIds_IsAnInvalidResponse()
    {
        var handler = new CountingHandler().Then(HttpStatusCode.OK, Container(IdTwo, "AAECAwQFBgc="));
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts);

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysWithIdsAsync(Master, [IdOne]);

        Assert.Equal(KeyDeliveryErrorKind.InvalidResponse, keys.Error!.Kind);
        Assert.Equal("{\"key_IDs\":[{\"key_ID\":\"" + IdOne + "\"}]}", handler.Bodies[0]);
    }

    [Theory]
    [InlineData("""{"keys":[{"key_ID":"not-a-uuid","key":"AAECAwQFBgc="}]}""")]
    [InlineData("""{"keys":[{"key_ID":"11111111-1111-4111-8111-111111111111","key":"%%%"}]}""")]
    [InlineData("""{"keys":[]}""")]
    [InlineData("""{"nothing":true}""")]
    [InlineData("""[1,2""")]
    public async Task GetKeys_MalformedContainer_IsAnInvalidResponseNotAnException(string body)
    {
        var handler = new CountingHandler().Then(HttpStatusCode.OK, body);
        using var client = new EtsiKeyDeliveryClient(handler.Client(), ThreeAttempts);

        Result<IReadOnlyList<DeliveredKey>, KeyDeliveryError> keys = await client.GetKeysAsync(Slave, null, null);

        Assert.Equal(KeyDeliveryErrorKind.InvalidResponse, keys.Error!.Kind);
    }

    [Fact]
    public async Task GetStatus_503_WaitsTheJitteredBackOffOnTheInjectedClock()
    {
        var handler = new CountingHandler().Then(HttpStatusCode.ServiceUnavailable, Unavailable).Then(HttpStatusCode.OK, StatusJson);
        var time = new ManualTimeProvider();
        var hour = new KeyDeliveryRetryPolicy(2, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        using var client = new EtsiKeyDeliveryClient(handler.Client(), hour, time, new Random(3));

        Task<Result<KmeStatus, KeyDeliveryError>> status = client.GetStatusAsync(Slave);
        for (int i = 0; i < 1000 && time.PendingTimers == 0; i++)
        {
            await Task.Delay(1);
        }

        Assert.Equal(1, handler.Calls);
        Assert.False(status.IsCompleted);
        time.Advance(TimeSpan.FromHours(1));
        Assert.True((await status).IsSuccess);
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public void RetryPolicy_DelayIsJitteredUnderADoublingCap()
    {
        var policy = new KeyDeliveryRetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300));
        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.Delay(1, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Delay(2, 0.5));
        Assert.Equal(TimeSpan.FromMilliseconds(150), policy.Delay(3, 0.5));
        Assert.Equal(TimeSpan.Zero, policy.Delay(4, 0));
    }

    private static string Container(KeyId id, string base64) => $$"""{"keys":[{"key_ID":"{{id}}","key":"{{base64}}"}]}""";

    private static KeyId Id(string text) => KeyId.TryParse(text, out KeyId id) ? id : throw new ArgumentException(text);

    private static void Dispose(IReadOnlyList<DeliveredKey> keys)
    {
        foreach (DeliveredKey key in keys)
        {
            key.Material.Dispose();
        }
    }
}
