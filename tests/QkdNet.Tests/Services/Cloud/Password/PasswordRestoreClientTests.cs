using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.Services.Cloud.Password.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

public sealed class PasswordRestoreClientTests
{
    private const string Password = "correct horse battery staple";
    private static readonly UserId Alice = UserId.Create("alice@bank.example").Value;
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7 + 1))];

    // The P-256 generator, compressed (SEC 2, Section 2.4.2): a valid group element that is nobody's evaluation.
    private static readonly GroupElement Generator = GroupElement.TryDecode(Convert.FromHexString("036B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296")).Value;

    [Fact]
    public async Task Restore_CorrectPassword_ReturnsTheSecret()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.Restored, result.Status);
        using var secret = result.Secret!;
        Assert.True(secret.FixedTimeEquals(Secret));
        Assert.Empty(result.LyingServers);
        Assert.Empty(result.Failures);
    }

    [Theory]
    [InlineData(new[] { 0, 1 })]
    [InlineData(new[] { 0, 4 })]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 3, 4 })]
    public async Task Restore_NMinusKServersDown_StillRestoresAndReportsTheDownServers(int[] down)
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => down.Contains(i) ? FaultyOprfServer.Down(s) : s);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.Restored, result.Status);
        result.Secret!.Dispose();
        Assert.Equal(down.Select(i => $"server-{i + 1}"), result.Failures.Select(f => f.Server).Distinct());
        Assert.All(result.Failures, f => Assert.Equal(OprfStatus.ServerFailed, f.Status));
        Assert.All(result.Failures, f => Assert.Contains("Connection refused", f.Reason));
    }

    [Fact]
    public async Task Restore_WrongPassword_FailsAndEveryServerCountsOneFailedGuess()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);

        var result = await client.RestoreAsync(Alice, "correct horse battery stapler");

        Assert.Equal(PasswordRestoreStatus.WrongPassword, result.Status);
        Assert.Null(result.Secret);
        Assert.All(cluster.Limiters, l => Assert.Equal(1, l.FailedGuesses(Alice)));
        Assert.All(cluster.Audits, a => Assert.Contains(a.Events, e => e.Kind == OprfAuditKind.Evaluated && e.FailedGuesses == 1));
    }

    [Fact]
    public async Task Restore_CorrectPasswordAfterWrongOnes_ClearsEveryServersCount()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);
        await client.RestoreAsync(Alice, "guess one");
        await client.RestoreAsync(Alice, "guess two");
        Assert.All(cluster.Limiters, l => Assert.Equal(2, l.FailedGuesses(Alice)));

        var result = await client.RestoreAsync(Alice, Password);

        Assert.True(result.IsRestored);
        result.Secret!.Dispose();
        Assert.All(cluster.Limiters, l => Assert.Equal(0, l.FailedGuesses(Alice)));
        Assert.All(cluster.Audits, a => Assert.Equal(OprfAuditKind.Confirmed, a.Events[^1].Kind));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Restore_ServerReturningAFalseEvaluationWithMoreThanKAnswers_IsNamedAndExcluded(int liar)
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i == liar
            ? new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(r.ShareIndex, Generator, r.Tag, r.Envelope, r.Epoch, r.Guess))
            : s);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.Restored, result.Status);
        using var secret = result.Secret!;
        Assert.True(secret.FixedTimeEquals(Secret));
        Assert.Equal([$"server-{liar + 1}"], result.LyingServers);
        // Its guess is not confirmed: the liar's count stays, the honest servers' clear.
        Assert.Equal(1, cluster.Limiters[liar].FailedGuesses(Alice));
        Assert.All(cluster.Limiters.Where((_, i) => i != liar), l => Assert.Equal(0, l.FailedGuesses(Alice)));
    }

    [Fact]
    public async Task Restore_TwoServersLyingOutOfFive_AreBothNamedAndTheSecretRestored()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i is 1 or 3
            ? new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(r.ShareIndex, Generator, r.Tag, r.Envelope, r.Epoch, r.Guess))
            : s);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.True(result.IsRestored);
        result.Secret!.Dispose();
        Assert.Equal(["server-2", "server-4"], result.LyingServers);
    }

    [Fact]
    public async Task Restore_ServerLyingAboutTheTagOrEnvelope_IsNamed()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i switch
        {
            0 => new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(r.ShareIndex, r.EvaluatedElement!, Flip(r.Tag), r.Envelope, r.Epoch, r.Guess)),
            1 => new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(r.ShareIndex, r.EvaluatedElement!, r.Tag, Flip(r.Envelope), r.Epoch, r.Guess)),
            _ => s,
        });

        var result = await client.RestoreAsync(Alice, Password);

        Assert.True(result.IsRestored);
        using var secret = result.Secret!;
        Assert.True(secret.FixedTimeEquals(Secret));
        Assert.Equal(["server-1", "server-2"], result.LyingServers);
    }

    [Fact]
    public async Task Restore_ExactlyKAnswersAndOneLies_SaysAWrongPasswordAndALiarLookTheSame()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i switch
        {
            0 => new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(r.ShareIndex, Generator, r.Tag, r.Envelope, r.Epoch, r.Guess)),
            3 or 4 => FaultyOprfServer.Down(s),
            _ => s,
        });

        var result = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.WrongPasswordOrLyingServer, result.Status);
        Assert.Null(result.Secret);
    }

    [Fact]
    public async Task Restore_ServerAnsweringForAnotherShareIndex_IsReportedNotUsed()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i == 2
            ? new FaultyOprfServer(s, r => OprfEvaluateResult.Evaluated(1, r.EvaluatedElement!, r.Tag, r.Envelope, r.Epoch, r.Guess))
            : s);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.True(result.IsRestored);
        result.Secret!.Dispose();
        var failure = Assert.Single(result.Failures);
        Assert.Equal("server-3", failure.Server);
        Assert.Contains("share 1, not 3", failure.Reason);
    }

    [Fact]
    public async Task Restore_FewerThanKServersUp_SaysNotEnoughServers()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        var client = cluster.Client(3, (i, s) => i < 3 ? FaultyOprfServer.Down(s) : s);

        var result = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.NotEnoughServers, result.Status);
        Assert.Equal(3, result.Failures.Count);
    }

    [Fact]
    public async Task Restore_UserNeverSetUp_SaysUnknownUser()
    {
        using var cluster = new ShareServerCluster(5);

        var result = await cluster.Client(3).RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.UnknownUser, result.Status);
    }

    [Fact]
    public async Task Restore_AfterTheFreeGuessesAreSpent_IsRateLimitedUntilTheBackOffPasses()
    {
        using var cluster = new ShareServerCluster(5, new GuessLimiterOptions { FreeGuesses = 2, BaseDelay = TimeSpan.FromSeconds(10) });
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);
        for (int i = 0; i < 3; i++)
        {
            cluster.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(PasswordRestoreStatus.WrongPassword, (await client.RestoreAsync(Alice, $"guess {i}")).Status);
        }

        // 3 unconfirmed guesses, 2 free: the next waits 10 s * 2^(3 - 2) = 20 s after the last.
        var limited = await client.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.RateLimited, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(20), limited.RetryAfter);
        Assert.All(cluster.Audits, a => Assert.Equal(OprfAuditKind.RateLimited, a.Events[^1].Kind));

        cluster.Time.Advance(TimeSpan.FromSeconds(20));
        var restored = await client.RestoreAsync(Alice, Password);
        Assert.True(restored.IsRestored);
        restored.Secret!.Dispose();
    }

    [Fact]
    public async Task Setup_UserAlreadyEnrolledAtOneServer_SetsNothingUpAnywhere()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        using var others = new ShareServerCluster(4);
        var mixed = PasswordRestoreClient.Create([.. others.Connections(), new OprfServerConnection("server-5", cluster.Servers[4])], 3).Value;

        var result = await mixed.SetupAsync(Alice, "another password", Secret);

        Assert.Equal(PasswordSetupStatus.AlreadyEnrolled, result.Status);
        Assert.All(others.Stores, s => Assert.Null(s.Get(Alice)));
    }

    [Fact]
    public async Task Setup_OneServerDown_RollsBackAndStoresNothing()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3, (i, s) => i == 2 ? FaultyOprfServer.Down(s) : s);

        var result = await client.SetupAsync(Alice, Password, Secret);

        Assert.Equal(PasswordSetupStatus.ServersFailed, result.Status);
        Assert.Equal("server-3", Assert.Single(result.Failures).Server);
        Assert.All(cluster.Stores, s => Assert.Null(s.Get(Alice)));
    }

    [Theory]
    [InlineData("", 32, "password is empty")]
    [InlineData("pw", 0, "secret must be 1 to")]
    [InlineData("pw", 65537, "secret must be 1 to")]
    public async Task Setup_InputOutOfRange_IsRefusedBeforeAnythingIsSent(string password, int secretBytes, string expected)
    {
        using var cluster = new ShareServerCluster(3);

        var result = await cluster.Client(2).SetupAsync(Alice, password, new byte[secretBytes]);

        Assert.Equal(PasswordSetupStatus.InvalidInput, result.Status);
        Assert.Contains(expected, result.Problem);
        Assert.All(cluster.Audits, a => Assert.Empty(a.Events));
    }

    [Theory]
    [InlineData(4, 3, "exceeds the number of shares")]
    [InlineData(1, 3, "at least 2")]
    public void Create_BadThreshold_NamesTheProblem(int threshold, int servers, string expected)
    {
        using var cluster = new ShareServerCluster(servers);

        var client = PasswordRestoreClient.Create(cluster.Connections(), threshold);

        Assert.False(client.IsSuccess);
        Assert.Contains(expected, client.Error);
    }

    [Fact]
    public async Task RefreshShares_ChangesEveryShareAndTheSamePasswordStillRestores()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);
        byte[][] before = [.. cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray())];

        var refreshed = await client.RefreshSharesAsync(Alice, Password);

        Assert.True(refreshed.IsDone, refreshed.Problem);
        byte[][] after = [.. cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray())];
        Assert.All(Enumerable.Range(0, 5), i => Assert.NotEqual(before[i], after[i]));
        var restored = await client.RestoreAsync(Alice, Password);
        Assert.True(restored.IsRestored);
        using var secret = restored.Secret!;
        Assert.True(secret.FixedTimeEquals(Secret));
    }

    [Fact]
    public async Task RefreshShares_OldSharesMixedWithNewOnes_NoLongerCombine()
    {
        using var cluster = new ShareServerCluster(5);
        var client = cluster.Client(3);
        Assert.True((await client.SetupAsync(Alice, Password, Secret)).IsDone);
        // A thief copies servers 1 and 2 before the refresh.
        var stolen = new[] { cluster.Stores[0].Get(Alice)!, cluster.Stores[1].Get(Alice)! };
        Assert.True((await client.RefreshSharesAsync(Alice, Password)).IsDone);

        // ... and server 3 after it: the three no longer give k * H1(pw), so the restore through them fails.
        using var thieves = new ShareServerCluster(3);
        Assert.True(thieves.Stores[0].AddCopy(stolen[0]));
        Assert.True(thieves.Stores[1].AddCopy(stolen[1]));
        Assert.True(thieves.Stores[2].AddCopy(cluster.Stores[2].Get(Alice)!));
        var result = await PasswordRestoreClient.Create(thieves.Connections(), 3).Value.RestoreAsync(Alice, Password);

        Assert.Equal(PasswordRestoreStatus.WrongPasswordOrLyingServer, result.Status);
    }

    [Fact]
    public async Task RefreshShares_OneServerDown_ChangesNothingAndTheSecretStillRestores()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        byte[][] before = [.. cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray())];

        var refreshed = await cluster.Client(3, (i, s) => i == 4 ? FaultyOprfServer.Down(s) : s).RefreshSharesAsync(Alice, Password);

        Assert.False(refreshed.IsDone);
        Assert.Contains("all 5 servers", refreshed.Problem);
        Assert.Equal(before, cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray()));
    }

    [Fact]
    public async Task RefreshShares_OneServerLosesItsDelta_RollsTheOthersBackToTheSameShares()
    {
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, Password, Secret)).IsDone);
        byte[][] before = [.. cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray())];

        var refreshed = await cluster.Client(3, (i, s) => i == 1 ? FaultyOprfServer.LosesRefreshes(s) : s).RefreshSharesAsync(Alice, Password);

        Assert.False(refreshed.IsDone);
        Assert.Equal("server-2", Assert.Single(refreshed.Failures).Server);
        // k_i + d_i - d_i = k_i: every share is back, the rolled-back records two epochs on, the lost one untouched.
        Assert.Equal(before, cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray()));
        Assert.Equal([2L, 0L, 2L, 2L, 2L], cluster.Stores.Select(s => s.Get(Alice)!.Epoch));
        var restored = await cluster.Client(3).RestoreAsync(Alice, Password);
        Assert.True(restored.IsRestored);
        restored.Secret!.Dispose();
    }

    private static byte[] Flip(byte[] bytes)
    {
        byte[] copy = [.. bytes];
        copy[^1] ^= 1;
        return copy;
    }
}
