using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using QkdNet.Cli;
using QkdNet.Development.Cloud;
using QkdNet.Node.Cloud;
using QkdNet.Node.Hosting;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Support;
using QkdNet.Services.Cloud.Client;

namespace QkdNet.Node.Tests.Cloud;

/// <summary>
/// The secure cloud as real processes: two KMEs and five <c>qkdnet share-server</c> processes, the owner's
/// <c>qkdnet cloud</c> commands against them, and attacks on the servers' disks and policies.
/// </summary>
[Trait("Category", "Process")]
public sealed class CloudProcessTests(CloudFixture cloud) : IClassFixture<CloudFixture>
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<(int Code, string Out, string Err)> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int code = await CliApp.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private async Task<string> PutAsync(byte[] data, string? config = null, string name = "file.bin")
    {
        string file = Path.Combine(cloud.Directory, Guid.NewGuid().ToString("N") + "-" + name);
        await File.WriteAllBytesAsync(file, data);
        (int code, string output, string error) = await CliAsync("cloud", "put", file, "--k", "3", "--n", "5", "--config", config ?? cloud.Setup.ClientConfig, "--json");
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.GetProperty("object_id").GetString()!;
    }

    private async Task<(byte[] Data, JsonElement Report)> GetAsync(string id, params string[] extra)
    {
        string output = Path.Combine(cloud.Directory, Guid.NewGuid().ToString("N") + ".out");
        (int code, string stdout, string error) = await CliAsync(["cloud", "get", id, "--out", output, "--config", cloud.Setup.ClientConfig, "--json", .. extra]);
        Assert.True(code == 0, error);
        return (await File.ReadAllBytesAsync(output), JsonDocument.Parse(stdout).RootElement);
    }

    private CloudObject Placed(string id) => ObjectMap.Load(Path.Combine(cloud.Directory, "alice-cloud-map.json")).Value.Find(id)!;

    private HttpClient As(string name, int server) =>
        EtsiClients.ForName(new Uri($"https://127.0.0.1:{cloud.Setup.ServerPorts[server]}/"), cloud.Setup.Network.Pki, name, cloud.Setup.ServerNames[server]);

    [Fact]
    public async Task PutAndGet_AsSeparateCliProcesses_ReturnTheFile_ReportKeyUsed_AndStoreNoPlaintextOnAnyServer()
    {
        byte[] data = Bytes(300_000, 1);
        string file = Path.Combine(cloud.Directory, "process-put.bin");
        await File.WriteAllBytesAsync(file, data);
        string put;
        using (NodeProcess client = NodeProcess.StartCommand(CloudFixture.Cli, "cloud", "put", file, "--k", "3", "--n", "5", "--config", cloud.Setup.ClientConfig, "--json"))
        {
            put = await ExitedOutputAsync(client);
        }

        JsonElement report = JsonDocument.Parse(put.Trim()).RootElement;
        Assert.True(report.GetProperty("key_bits_used").GetInt64() > 0);
        string id = report.GetProperty("object_id").GetString()!;
        string output = Path.Combine(cloud.Directory, "process-get.bin");
        using (NodeProcess client = NodeProcess.StartCommand(CloudFixture.Cli, "cloud", "get", id, "--out", output, "--config", cloud.Setup.ClientConfig, "--json"))
        {
            await ExitedOutputAsync(client);
        }

        Assert.Equal(data, await File.ReadAllBytesAsync(output));
        CloudObject placed = Placed(id);
        Assert.Equal(5, placed.Shares.Select(s => s.ShareId).Distinct().Count());
        for (int i = 0; i < 5; i++)
        {
            byte[] share = cloud.ReadShare(i, placed.Shares[i].ShareId)!;
            Assert.Equal(data.Length, share.Length);
            Assert.Equal(-1, File.ReadAllBytes(cloud.Database(i)).AsSpan().IndexOf(data.AsSpan(1000, 64)));
        }
    }

    [Fact]
    public async Task Get_WithNMinusKServersKilled_StillRebuilds()
    {
        byte[] data = Bytes(50_000, 2);
        string id = await PutAsync(data);
        cloud.Run.KillServer(0);
        cloud.Run.KillServer(1);
        try
        {
            (byte[] got, JsonElement report) = await GetAsync(id);
            Assert.Equal(data, got);
            Assert.Equal(["unreachable", "unreachable", "verified", "verified", "verified"], report.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("verdict").GetString()));
        }
        finally
        {
            await RestartAsync(0, 1);
        }
    }

    [Fact]
    public async Task CorruptedAndSubstitutedShares_AreDetected_TheLiarsNamed_AndTheDataStillRebuilt()
    {
        byte[] data = Bytes(40_000, 3);
        string id = await PutAsync(data), other = await PutAsync(Bytes(40_000, 4));
        CloudObject placed = Placed(id), foreign = Placed(other);
        byte[] corrupted = cloud.ReadShare(0, placed.Shares[0].ShareId)!;
        corrupted[123] ^= 0x80;
        cloud.WriteShare(0, placed.Shares[0].ShareId, corrupted);
        // server s2 answers with a share of another object (same length, same server)
        cloud.WriteShare(1, placed.Shares[1].ShareId, cloud.ReadShare(1, foreign.Shares[1].ShareId)!);

        (byte[] got, JsonElement report) = await GetAsync(id, "--all");

        Assert.Equal(data, got);
        Assert.Equal(["s1", "s2"], report.GetProperty("liars").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Refresh_ChangesEveryShare_KeepsTheData_AndOldSharesMixedWithNewOnesAreRejected()
    {
        byte[] data = Bytes(20_000, 5);
        string id = await PutAsync(data);
        CloudObject before = Placed(id);
        byte[][] old = [.. Enumerable.Range(0, 5).Select(i => cloud.ReadShare(i, before.Shares[i].ShareId)!)];

        (int code, string _, string error) = await CliAsync("cloud", "refresh", id, "--config", cloud.Setup.ClientConfig, "--json");
        Assert.True(code == 0, error);

        for (int i = 0; i < 5; i++)
        {
            Assert.NotEqual(old[i], cloud.ReadShare(i, before.Shares[i].ShareId));
        }

        Assert.Equal(data, (await GetAsync(id)).Data);
        // a thief who kept s1's old share and puts it back gains nothing: it is caught, not combined
        cloud.WriteShare(0, before.Shares[0].ShareId, old[0]);
        (byte[] got, JsonElement report) = await GetAsync(id, "--all");
        Assert.Equal(data, got);
        Assert.Equal(["s1"], report.GetProperty("liars").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task Put_WhenAServerIsDown_StoresNothingAnywhere_AndLeavesTheMapUnchanged()
    {
        long[] before = [.. Enumerable.Range(0, 5).Select(cloud.ShareCount)];
        int objects = ObjectMap.Load(Path.Combine(cloud.Directory, "alice-cloud-map.json")).Value.Objects.Count;
        cloud.Run.KillServer(4);
        try
        {
            string file = Path.Combine(cloud.Directory, "half.bin");
            await File.WriteAllBytesAsync(file, Bytes(10_000, 6));
            (int code, string _, string error) = await CliAsync("cloud", "put", file, "--config", cloud.Setup.ClientConfig);
            Assert.Equal(2, code);
            Assert.Contains("nothing was stored", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
            Assert.Equal(before[..4], Enumerable.Range(0, 4).Select(cloud.ShareCount));
            Assert.Equal(objects, ObjectMap.Load(Path.Combine(cloud.Directory, "alice-cloud-map.json")).Value.Objects.Count);
        }
        finally
        {
            await RestartAsync(4);
        }
    }

    [Fact]
    public async Task Put_OnAServerWhoseStorageIsFull_Gets507FromIt_StoresNothingThere_AndCompletesOnTheOthers()
    {
        string config = cloud.Setup.ServerConfigs[4];
        string original = await File.ReadAllTextAsync(config);
        var node = System.Text.Json.Nodes.JsonNode.Parse(original)!;
        node["store"]!["max_bytes"] = 1 << 20;
        await File.WriteAllTextAsync(config, node.ToJsonString());
        cloud.Run.KillServer(4);
        await RestartAsync(4);
        try
        {
            string file = Path.Combine(cloud.Directory, "full.bin");
            byte[] data = Bytes(4 << 20, 11);
            await File.WriteAllBytesAsync(file, data);

            (int code, string output, string error) = await CliAsync("cloud", "put", file, "--k", "3", "--n", "5", "--min-servers", "4", "--config", cloud.Setup.ClientConfig, "--json");

            Assert.True(code == 0, error);
            JsonElement report = JsonDocument.Parse(output).RootElement;
            JsonElement refused = Assert.Single(report.GetProperty("failed").EnumerateArray());
            Assert.Equal(cloud.Setup.ServerNames[4], refused.GetProperty("server").GetString());
            Assert.StartsWith("507: the server's storage is full; nothing was stored.", refused.GetProperty("reason").GetString(), StringComparison.Ordinal);
            // nothing of the 4 MiB share was kept (the put also backs the owner's map up, a small share that fits)
            Assert.True(cloud.StoredBytes(4) < 1 << 20);
            Assert.Equal(data, (await GetAsync(report.GetProperty("object_id").GetString()!)).Data);
        }
        finally
        {
            await File.WriteAllTextAsync(config, original);
            cloud.Run.KillServer(4);
            await RestartAsync(4);
        }
    }

    [Fact]
    public async Task EachRole_IsDeniedWhatThePolicyWithholds_With403AndAReason_AndTheDenialIsAuditedAndChangesNothing()
    {
        string id = await PutAsync(Bytes(1000, 7));
        string shareId = Placed(id).Shares[0].ShareId;
        byte[] stored = cloud.ReadShare(0, shareId)!;

        async Task Denied(string who, HttpMethod method, string route, string reason)
        {
            using HttpClient client = As(who, 0);
            using HttpResponseMessage response = await client.SendAsync(new HttpRequestMessage(method, route));
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await Denied(CloudDevelopmentSetup.Analyst, HttpMethod.Get, $"v1/shares/{shareId}", "aggregates only");
        await Denied(CloudDevelopmentSetup.Analyst, HttpMethod.Delete, $"v1/shares/{shareId}", "aggregates only");
        await Denied(CloudDevelopmentSetup.Auditor, HttpMethod.Get, $"v1/shares/{shareId}", "owner role required");
        await Denied(CloudDevelopmentSetup.Operator, HttpMethod.Delete, $"v1/shares/{shareId}", "owner role required");
        await Denied(CloudDevelopmentSetup.Owner, HttpMethod.Get, "v1/audit", "auditor role required");
        await Denied(CloudDevelopmentSetup.Owner, HttpMethod.Get, "v1/health", "operator role required");
        await Denied(CloudDevelopmentSetup.OtherOwner, HttpMethod.Delete, $"v1/shares/{shareId}", "belongs to another owner");
        await Denied(DevelopmentNetwork.Stranger, HttpMethod.Get, "v1/shares", "not in this server's access policy");

        Assert.Equal(stored, cloud.ReadShare(0, shareId));
        using HttpClient operatorClient = As(CloudDevelopmentSetup.Operator, 0);
        JsonElement health = await operatorClient.GetFromJsonAsync<JsonElement>("v1/health");
        Assert.True(health.GetProperty("audit_intact").GetBoolean());
        using HttpClient auditor = As(CloudDevelopmentSetup.Auditor, 0);
        JsonElement audit = await auditor.GetFromJsonAsync<JsonElement>("v1/audit?limit=10000");
        Assert.True(audit.GetProperty("chain_intact").GetBoolean());
        JsonElement[] records = [.. audit.GetProperty("records").EnumerateArray()];
        Assert.Contains(records, r => r.GetProperty("caller").GetString() == CloudDevelopmentSetup.OtherOwner && !r.GetProperty("allowed").GetBoolean() && r.GetProperty("target").GetString() == shareId);
        Assert.Contains(records, r => r.GetProperty("caller").GetString() == CloudDevelopmentSetup.Owner && r.GetProperty("action").GetString() == "put" && r.GetProperty("target").GetString() == shareId);
    }

    [Fact]
    public async Task BadRequests_Get400WithAReason_NeverA500()
    {
        using HttpClient owner = As(CloudDevelopmentSetup.Owner, 0);
        string shareId = Placed(await PutAsync(Bytes(1000, 8))).Shares[0].ShareId;

        async Task BadAsync(HttpRequestMessage request, string reason)
        {
            using HttpResponseMessage response = await owner.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        await BadAsync(new HttpRequestMessage(HttpMethod.Get, "v1/shares/not-an-id"), "32 lower-case hex");
        await BadAsync(new HttpRequestMessage(HttpMethod.Put, $"v1/shares/{new string('a', 32)}") { Content = new ByteArrayContent(new byte[100]) }, "X-Qkd-Protection");
        var unknownKeys = new HttpRequestMessage(HttpMethod.Put, $"v1/shares/{new string('b', 32)}") { Content = new ByteArrayContent(new byte[108]) };
        unknownKeys.Headers.Add("X-Qkd-Protection", "otp/8192");
        unknownKeys.Headers.Add("X-Qkd-Key-Ids", Guid.NewGuid().ToString());
        await BadAsync(unknownKeys, "does not hold the named keys");
        await BadAsync(new HttpRequestMessage(HttpMethod.Post, $"v1/shares/{shareId}/refresh?version=x"), "?version=N");
        using HttpResponseMessage missing = await owner.DeleteAsync($"v1/shares/{new string('c', 32)}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        (int code, string _, string error) = await CliAsync("cloud", "get", "0123", "--out", Path.Combine(cloud.Directory, "x"), "--config", cloud.Setup.ClientConfig);
        Assert.Equal(2, code);
        Assert.Contains("no object 0123", error, StringComparison.Ordinal);
        (code, _, error) = await CliAsync("cloud", "put", Path.Combine(cloud.Directory, "missing-file"), "--config", cloud.Setup.ClientConfig);
        Assert.Equal(2, code);
        (code, _, error) = await CliAsync("cloud", "put", Path.Combine(cloud.Directory, "policy.json"), "--k", "6", "--n", "5", "--config", cloud.Setup.ClientConfig);
        Assert.Equal(2, code);
        Assert.Contains("exceeds", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredClientCertificate_IsRefusedInTheHandshake()
    {
        string pki = cloud.Setup.Network.Pki;
        string folder = Path.Combine(cloud.Directory, "expired");
        Directory.CreateDirectory(folder);
        using (X509Certificate2 ca = X509Certificate2.CreateFromPemFile(Path.Combine(pki, "ca.crt"), Path.Combine(TestCertificates.CaKeyFolder(pki), "ca.key")))
        using (ECDsa caKey = ca.GetECDsaPrivateKey()!)
        using (ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=" + CloudDevelopmentSetup.Owner, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(TestCertificates.ClientAuth)], false));
            DateTimeOffset now = DateTimeOffset.UtcNow;
            using X509Certificate2 expired = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-10), now.AddDays(-1), [9, 8, 7, 6]);
            await File.WriteAllTextAsync(Path.Combine(folder, "alice.crt"), expired.ExportCertificatePem());
            await File.WriteAllTextAsync(Path.Combine(folder, "alice.key"), key.ExportPkcs8PrivateKeyPem());
        }

        using HttpClient client = EtsiClients.Create(new Uri($"https://127.0.0.1:{cloud.Setup.ServerPorts[0]}/"), Path.Combine(pki, "ca.crt"),
            Path.Combine(folder, "alice.crt"), Path.Combine(folder, "alice.key"), "s1");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => client.GetAsync("v1/shares"));
    }

    [Fact]
    public async Task Remove_DeletesEveryShare_AndTheObjectLeavesTheMap()
    {
        string id = await PutAsync(Bytes(2000, 9));
        CloudObject placed = Placed(id);
        (int code, string _, string error) = await CliAsync("cloud", "rm", id, "--config", cloud.Setup.ClientConfig);
        Assert.True(code == 0, error);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Null(cloud.ReadShare(i, placed.Shares[i].ShareId)));
        (code, string listed, _) = await CliAsync("cloud", "ls", "--config", cloud.Setup.ClientConfig, "--json");
        Assert.Equal(0, code);
        Assert.DoesNotContain(id, listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreMap_FromTheRootKeyAlone_RebuildsTheLostMap_AndItsObjectsCanBeFetched()
    {
        byte[] data = Bytes(5000, 10);
        string id = await PutAsync(data);
        string map = Path.Combine(cloud.Directory, "alice-cloud-map.json");
        File.Move(map, map + ".lost", overwrite: true);
        try
        {
            (int code, string output, string error) = await CliAsync("cloud", "restore-map", "--config", cloud.Setup.ClientConfig, "--json");
            Assert.True(code == 0, error);
            Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("objects").GetInt32() >= 1);
            Assert.Equal(data, (await GetAsync(id)).Data);
        }
        finally
        {
            if (!File.Exists(map))
            {
                File.Move(map + ".lost", map);
            }
        }
    }

    [Fact]
    public async Task RestoreMap_WithOnlyThePassword_AfterTheMapAndRootKeyAreLost_AndAWrongPasswordNamesNoServer()
    {
        byte[] data = Bytes(3000, 11);
        string id = await PutAsync(data);
        string right = Path.Combine(cloud.Directory, "password-right.txt"), wrong = Path.Combine(cloud.Directory, "password-wrong.txt");
        await File.WriteAllTextAsync(right, "correct horse battery staple\n");
        await File.WriteAllTextAsync(wrong, "correct horse battery stapler\n");
        (int code, string output, string error) = await CliAsync("cloud", "password", "--password-file", right, "--config", cloud.Setup.ClientConfig, "--json");
        Assert.True(code == 0, error + output);
        Assert.Equal(3, JsonDocument.Parse(output).RootElement.GetProperty("threshold").GetInt32());

        string map = Path.Combine(cloud.Directory, "alice-cloud-map.json"), root = map + ".root";
        byte[] rootKey = await File.ReadAllBytesAsync(root);
        File.Move(map, map + ".lost", overwrite: true);
        File.Move(root, root + ".lost", overwrite: true);
        try
        {
            (code, output, error) = await CliAsync("cloud", "restore-map", "--password-file", wrong, "--config", cloud.Setup.ClientConfig);
            Assert.Equal(2, code);
            Assert.Contains("the password is wrong", error, StringComparison.Ordinal);
            Assert.All(cloud.Setup.ServerNames, server => Assert.DoesNotContain(server, error, StringComparison.Ordinal));
            Assert.False(File.Exists(map));

            (code, output, error) = await CliAsync("cloud", "restore-map", "--password-file", right, "--config", cloud.Setup.ClientConfig, "--json");
            Assert.True(code == 0, error);
            Assert.True(JsonDocument.Parse(output).RootElement.GetProperty("objects").GetInt32() >= 1);
            Assert.Equal(rootKey, await File.ReadAllBytesAsync(root));
            Assert.Equal(data, (await GetAsync(id)).Data);
        }
        finally
        {
            if (!File.Exists(map))
            {
                File.Move(map + ".lost", map);
            }

            if (!File.Exists(root))
            {
                File.Move(root + ".lost", root);
            }
        }
    }

    [Fact]
    public async Task PasswordRoutes_AnotherUsersName_Is403_AndGarbageIs400_AndTheServerStaysUp()
    {
        using HttpClient http = As(CloudDevelopmentSetup.Owner, 0);
        using var empty = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        HttpResponseMessage other = await http.PostAsync($"v1/oprf/{CloudDevelopmentSetup.OtherOwner}/evaluate", empty);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        HttpResponseMessage unknown = await http.PostAsync("v1/oprf/nobody-at-all/evaluate", empty);
        Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Equal(await other.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());

        var random = new Random(12); // garbage bodies, seeded
        foreach (string route in new[] { "evaluate", "confirm", "refresh", "remove" })
        {
            byte[] garbage = new byte[random.Next(1, 300)];
            random.NextBytes(garbage);
            using var body = new ByteArrayContent(garbage);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            HttpResponseMessage answer = await http.PostAsync($"v1/oprf/alice/{route}", body);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v1/shares")).StatusCode);
    }

    [Fact]
    public async Task ShareRoutes_RandomBytesAndHeaders_Are4xx_AndTheServerStaysUp()
    {
        using HttpClient http = As(CloudDevelopmentSetup.Owner, 1);
        var random = new Random(13); // garbage, seeded
        string validId = Convert.ToHexStringLower(new byte[16]);
        for (int round = 0; round < 8; round++)
        {
            byte[] garbage = new byte[random.Next(0, 2000)];
            random.NextBytes(garbage);
            string header = Convert.ToBase64String(garbage.AsSpan(0, Math.Min(garbage.Length, 40)));
            string id = round % 2 == 0 ? validId : Convert.ToHexStringLower(garbage.AsSpan(0, Math.Min(garbage.Length, 7)));
            foreach ((HttpMethod method, string route) in new[]
            {
                (HttpMethod.Put, $"v1/shares/{id}"), (HttpMethod.Get, $"v1/shares/{id}"), (HttpMethod.Post, $"v1/shares/{id}/refresh?version=1"),
                (HttpMethod.Delete, $"v1/shares/{id}"), (HttpMethod.Put, $"v1/oprf/{CloudDevelopmentSetup.Owner}"),
            })
            {
                using var request = new HttpRequestMessage(method, route);
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = new ByteArrayContent(garbage);
                }

                request.Headers.TryAddWithoutValidation(QkdNet.Services.Cloud.Transport.ShareProtectionPlan.HeaderName, header);
                request.Headers.TryAddWithoutValidation(QkdNet.Services.Cloud.Transport.ShareProtectionPlan.KeyIdsHeaderName, header);
                using HttpResponseMessage answer = await http.SendAsync(request);
                Assert.True((int)answer.StatusCode is >= 400 and < 500, $"{method} {route}: {(int)answer.StatusCode}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v1/shares")).StatusCode);
    }

    private async Task RestartAsync(params int[] servers)
    {
        foreach (int server in servers)
        {
            cloud.Run.StartServer(server);
            await cloud.Run.WaitForServerAsync(server, TimeSpan.FromMinutes(2));
        }
    }

    private static async Task<string> ExitedOutputAsync(NodeProcess process)
    {
        for (int i = 0; i < 3000 && !process.HasExited; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(process.HasExited, "the client process did not exit: " + process.Output);
        return process.Output;
    }
}
