using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;
using QkdNet.Primitives;
using QkdNet.Services.Cloud.Password;
using QkdNet.Tests.Services.Cloud.Password.Support;

namespace QkdNet.Tests.Services.Cloud.Password;

/// <summary>
/// The password scheme's properties (issue 12, section 4): a server alone, or k - 1 colluding, holding their records
/// cannot test a password guess offline; what a server sees during a restore does not depend on the password.
/// </summary>
public sealed class OfflineGuessingTests
{
    private static readonly UserId Alice = UserId.Create("alice").Value;
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];
    private static readonly string[] Dictionary = ["123456", "password", "letmein", "tokyo-qkd-2016", "correct horse", "hunter2", "qwerty"];

    [Fact]
    public async Task KeyShares_WithTheSameRandomness_AreIdenticalForTwoDifferentPasswords()
    {
        // The key shares are a function of the drawn scalars alone: the password never enters them.
        byte[][] sharesA = await SharesAfterSetup("password A", seed: 42);
        byte[][] sharesB = await SharesAfterSetup("a completely different password B", seed: 42);

        Assert.Equal(sharesA, sharesB);
        Assert.NotEqual(sharesA, await SharesAfterSetup("password A", seed: 43));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CoalitionBelowThreshold_TryingEveryDictionaryWordOffline_NeverHitsThePassword(int coalitionSize)
    {
        const string password = "tokyo-qkd-2016";
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, password, Secret)).IsDone);
        OprfServerRecord[] stolen = [.. cluster.Stores.Take(coalitionSize).Select(s => s.Get(Alice)!)];

        // The coalition's best offline computation: combine its own shares as if they were enough and check the stored tag.
        Assert.DoesNotContain(Dictionary, word => OfflineTest(stolen, word));
    }

    [Fact]
    public async Task OfflineAttack_WithKStolenRecords_FindsThePassword_SoTheAttackAboveIsReal()
    {
        const string password = "tokyo-qkd-2016";
        using var cluster = new ShareServerCluster(5);
        Assert.True((await cluster.Client(3).SetupAsync(Alice, password, Secret)).IsDone);
        OprfServerRecord[] stolen = [.. cluster.Stores.Take(3).Select(s => s.Get(Alice)!)];

        Assert.Equal([password], Dictionary.Where(word => OfflineTest(stolen, word)));
    }

    [Fact]
    public async Task BlindedElements_ForTheSamePasswordTwice_DifferAndAreNeitherTheHashOfAnyGuess()
    {
        using var cluster = new ShareServerCluster(3);
        var seen = new List<GroupElement>();
        var client = cluster.Client(2, (_, s) => new RecordingOprfServer(s, seen));
        Assert.True((await client.SetupAsync(Alice, "hunter2", Secret)).IsDone);

        (await client.RestoreAsync(Alice, "hunter2")).Secret!.Dispose();
        (await client.RestoreAsync(Alice, "hunter2")).Secret!.Dispose();

        Assert.Equal(6, seen.Count);
        Assert.Equal(2, seen.Distinct().Count());
        var hashes = Dictionary.Select(w => GroupElement.TryDecode(HashOf(w).GetEncoded(true)).Value).ToList();
        Assert.DoesNotContain(seen, e => hashes.Contains(e));
    }

    private static async Task<byte[][]> SharesAfterSetup(string password, ulong seed)
    {
        using var cluster = new ShareServerCluster(5);
        var random = new SeededScalars(seed);
        var client = PasswordRestoreClient.Create(cluster.Connections(), 3, random.Next).Value;
        Assert.True((await client.SetupAsync(Alice, password, Secret)).IsDone);
        return [.. cluster.Stores.Select(s => s.Get(Alice)!.KeyShare.ToArray())];
    }

    /// <summary>
    /// What holders of <paramref name="records"/> can compute for a guess: sum_i lambda_i k_i * H1(guess) over their
    /// shares, then rwd and the tag, compared with the stored tag. Right only when they hold k shares.
    /// </summary>
    private static bool OfflineTest(OprfServerRecord[] records, string guess)
    {
        int[] points = [.. records.Select(r => r.ShareIndex)];
        BigInteger key = BigInteger.Zero;
        BigInteger[] lambdas = ScalarSharing.LagrangeCoefficients(points, 0);
        for (int i = 0; i < records.Length; i++)
        {
            key = key.Add(lambdas[i].Multiply(new BigInteger(1, records[i].KeyShare))).Mod(P256.Order);
        }

        byte[] password = Encoding.UTF8.GetBytes(guess);
        if (key.SignValue == 0)
        {
            return false;
        }

        using var keys = PasswordKeys.Evaluate(Alice, password, key);
        return CryptographicOperations.FixedTimeEquals(keys.Tag(), records[0].Tag);
    }

    private static ECPoint HashOf(string word) => PasswordKeys.HashPassword(Alice, Encoding.UTF8.GetBytes(word));

    /// <summary>Scalars from a seeded xoshiro256** (tests only: a key source must be <see cref="RandomNumberGenerator"/>).</summary>
    private sealed class SeededScalars(ulong seed)
    {
        private Xoshiro256StarStar _random = new(Xoshiro256StarStar.SplitMix(seed), Xoshiro256StarStar.SplitMix(seed + 1), Xoshiro256StarStar.SplitMix(seed + 2), Xoshiro256StarStar.SplitMix(seed + 3));

        public BigInteger Next()
        {
            byte[] bytes = new byte[40];
            for (int i = 0; i < bytes.Length; i += 8)
            {
                BitConverter.TryWriteBytes(bytes.AsSpan(i), _random.Next());
            }

            return new BigInteger(1, bytes).Mod(P256.Order.Subtract(BigInteger.One)).Add(BigInteger.One);
        }
    }
}
