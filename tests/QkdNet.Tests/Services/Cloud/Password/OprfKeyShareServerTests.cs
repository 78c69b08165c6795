using System.Security.Cryptography;
using Org.BouncyCastle.Math;
using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.KeyManagement.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class OprfKeyShareServerTests : IDisposable
{
    private static readonly UserId Alice = UserId.Create("alice").Value;
    private static readonly byte[] ConfirmationKey = [.. Enumerable.Repeat((byte)0x5A, 32)];
    private static readonly byte[] Tag = [.. Enumerable.Repeat((byte)0x17, 32)];
    private static readonly BigInteger Share = new("1234567890abcdef1234567890abcdef", 16);

    private readonly InMemoryOprfRecordStore _store = new();
    private readonly ExponentialBackoffGuessLimiter _limiter;
    private readonly InMemoryOprfAuditSink _audit = new();
    private readonly OprfKeyShareServer _server;

    public OprfKeyShareServerTests()
    {
        var time = new FakeTimeProvider();
        _limiter = new ExponentialBackoffGuessLimiter(time, new GuessLimiterOptions { FreeGuesses = 2 });
        _server = new OprfKeyShareServer(_store, _limiter, _audit, time);
    }

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Evaluate_EnrolledUser_ReturnsTheKeyShareTimesTheBlindedElement()
    {
        await EnrollAsync();
        var blinded = Element(BigInteger.ValueOf(99));

        var result = await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, blinded));

        Assert.Equal(OprfStatus.Ok, result.Status);
        Assert.Equal(Element(Share.Multiply(BigInteger.ValueOf(99))), result.EvaluatedElement);
        Assert.Equal(2, result.ShareIndex);
        Assert.Equal(Tag, result.Tag);
        Assert.Equal(1, _limiter.FailedGuesses(Alice));
    }

    [Fact]
    public async Task Evaluate_UnknownUser_SaysSoCountsNothingAndIsAudited()
    {
        var result = await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, Element(BigInteger.Two)));

        Assert.Equal(OprfStatus.UnknownUser, result.Status);
        Assert.Equal(0, _limiter.FailedGuesses(Alice));
        Assert.Equal(OprfAuditKind.UnknownUser, Assert.Single(_audit.Events).Kind);
    }

    [Fact]
    public async Task Evaluate_NoBlindedElement_IsMalformedNotAnException()
    {
        await EnrollAsync();

        var result = await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, null!));

        Assert.Equal(OprfStatus.Malformed, result.Status);
    }

    [Fact]
    public async Task Confirm_ProofUnderAnotherKey_IsRefusedAndTheCountStays()
    {
        await EnrollAsync();
        var evaluation = await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, Element(BigInteger.Two)));
        byte[] forged = OprfProofs.Compute(new byte[32], OprfProofs.ConfirmLabel, Alice, 0, evaluation.Guess.ToBytes());

        var result = await _server.ConfirmAsync(new OprfConfirmRequest(Alice, evaluation.Guess, forged));

        Assert.Equal(OprfStatus.NotAuthorized, result.Status);
        Assert.Equal(1, _limiter.FailedGuesses(Alice));
        Assert.Equal(OprfAuditKind.ConfirmRefused, _audit.Events[^1].Kind);
    }

    [Fact]
    public async Task Confirm_RightProofReplayed_IsRefusedTheSecondTime()
    {
        await EnrollAsync();
        var evaluation = await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, Element(BigInteger.Two)));
        byte[] proof = OprfProofs.Compute(ConfirmationKey, OprfProofs.ConfirmLabel, Alice, 0, evaluation.Guess.ToBytes());

        Assert.True((await _server.ConfirmAsync(new OprfConfirmRequest(Alice, evaluation.Guess, proof))).IsOk);
        Assert.Equal(0, _limiter.FailedGuesses(Alice));
        _limiter.TryAcquire(Alice);
        Assert.Equal(OprfStatus.NotAuthorized, (await _server.ConfirmAsync(new OprfConfirmRequest(Alice, evaluation.Guess, proof))).Status);
        Assert.Equal(1, _limiter.FailedGuesses(Alice));
    }

    [Fact]
    public async Task Enroll_SecondTimeWithoutAuthorisation_IsRefusedAndTheRecordKept()
    {
        await EnrollAsync();
        using var other = Record(BigInteger.ValueOf(7));

        var result = await _server.EnrollAsync(new OprfEnrollRequest(other));

        Assert.Equal(OprfStatus.AlreadyEnrolled, result.Status);
        using var kept = _store.Get(Alice)!;
        Assert.Equal(P256.ScalarToBytes(Share), kept.KeyShare.ToArray());
    }

    [Fact]
    public async Task Enroll_ReplaceWithTheCurrentKeysAuthorisation_ReplacesAndRaisesTheEpoch()
    {
        await EnrollAsync();
        using var replacement = Record(BigInteger.ValueOf(7));
        byte[] authorisation = OprfProofs.Compute(ConfirmationKey, OprfProofs.ReplaceLabel, Alice, 0, replacement.ContentDigest());

        var result = await _server.EnrollAsync(new OprfEnrollRequest(replacement, authorisation));

        Assert.True(result.IsOk);
        using var stored = _store.Get(Alice)!;
        Assert.Equal(1, stored.Epoch);
        Assert.Equal(P256.ScalarToBytes(BigInteger.ValueOf(7)), stored.KeyShare.ToArray());
        // The same authorisation cannot be replayed: it covered epoch 0.
        Assert.Equal(OprfStatus.NotAuthorized, (await _server.EnrollAsync(new OprfEnrollRequest(replacement, authorisation))).Status);
    }

    [Fact]
    public async Task Refresh_AddsTheDeltaOnceAndRefusesTheReplay()
    {
        await EnrollAsync();
        byte[] delta = P256.ScalarToBytes(BigInteger.ValueOf(5));
        var request = new OprfRefreshRequest(Alice, 0, delta, OprfProofs.Compute(ConfirmationKey, OprfProofs.RefreshLabel, Alice, 0, delta));

        Assert.True((await _server.RefreshAsync(request)).IsOk);
        Assert.Equal(OprfStatus.StaleEpoch, (await _server.RefreshAsync(request)).Status);

        using var stored = _store.Get(Alice)!;
        Assert.Equal(P256.ScalarToBytes(Share.Add(BigInteger.ValueOf(5))), stored.KeyShare.ToArray());
        Assert.Equal(1, stored.Epoch);
    }

    [Fact]
    public async Task Refresh_DeltaNotBelowTheGroupOrder_IsMalformed()
    {
        await EnrollAsync();
        byte[] delta = [.. Enumerable.Repeat((byte)0xFF, 32)];
        var request = new OprfRefreshRequest(Alice, 0, delta, OprfProofs.Compute(ConfirmationKey, OprfProofs.RefreshLabel, Alice, 0, delta));

        Assert.Equal(OprfStatus.Malformed, (await _server.RefreshAsync(request)).Status);
    }

    [Fact]
    public async Task Remove_WithProof_DeletesTheRecord_WithoutProof_KeepsIt()
    {
        await EnrollAsync();

        Assert.Equal(OprfStatus.NotAuthorized, (await _server.RemoveAsync(new OprfRemoveRequest(Alice, 0, new byte[32]))).Status);
        Assert.NotNull(_store.Get(Alice));
        Assert.True((await _server.RemoveAsync(new OprfRemoveRequest(Alice, 0, OprfProofs.Compute(ConfirmationKey, OprfProofs.RemoveLabel, Alice, 0, [])))).IsOk);
        Assert.Null(_store.Get(Alice));
    }

    [Fact]
    public async Task AuditEvents_NeverCarryTheKeyShareTagOrConfirmationKey()
    {
        await EnrollAsync();
        await _server.EvaluateAsync(new OprfEvaluateRequest(Alice, Element(BigInteger.Two)));
        await _server.ConfirmAsync(new OprfConfirmRequest(Alice, GuessId.New(), new byte[32]));

        string everything = string.Join("\n", _audit.Events.Select(e => e.ToString()));
        foreach (byte[] secret in new[] { P256.ScalarToBytes(Share), Tag, ConfirmationKey })
        {
            Assert.DoesNotContain(Convert.ToHexString(secret), everything, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Convert.ToBase64String(secret), everything, StringComparison.Ordinal);
        }
    }

    private async Task EnrollAsync()
    {
        using var record = Record(Share);
        Assert.True((await _server.EnrollAsync(new OprfEnrollRequest(record))).IsOk);
    }

    private static OprfServerRecord Record(BigInteger share)
    {
        byte[] envelope = PasswordEnvelope.Seal(new byte[32], Alice, [1, 2, 3]);
        return OprfServerRecord.Create(Alice, 2, 0, P256.ScalarToBytes(share), Tag, ConfirmationKey, envelope).Value;
    }

    private static GroupElement Element(BigInteger scalar) =>
        GroupElement.TryDecode(P256Generator().Multiply(scalar.Mod(P256.Order)).Normalize().GetEncoded(true)).Value;

    private static Org.BouncyCastle.Math.EC.ECPoint P256Generator() =>
        Org.BouncyCastle.Crypto.EC.CustomNamedCurves.GetByName("P-256").G;
}
