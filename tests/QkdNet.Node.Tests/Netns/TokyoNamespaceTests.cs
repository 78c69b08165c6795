using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Development.Pki;
using QkdNet.Node.Tests.Network;

namespace QkdNet.Node.Tests.Netns;

/// <summary>
/// The Tokyo QKD Network as separate hosts (deploy/netns/tokyo-netns.sh): each node a real process in its own network
/// namespace, the links veth pairs, the controller on a management bridge. An SAE at Koganei gets a key for one at Hongo,
/// two hops away, and the SAE at Hongo fetches the same key. Needs root (see <see cref="NetnsFactAttribute"/>).
/// </summary>
[Trait("Category", "Process")]
[Collection(RelayNetworkFixture.Collection)]
public sealed class TokyoNamespaceTests : IDisposable
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "QkdNet.Cli.dll");

    // One deployment per test process, kept apart from other runs on the machine by the process ID.
    private readonly int _id = 100 + (Environment.ProcessId % 150);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qkdnet-netns-tests-" + Guid.NewGuid().ToString("N"));

    [NetnsFact]
    public async Task EncKeysAtKoganei_ForAnSaeTwoHopsAway_DecKeysAtHongo_ReturnTheSameKey()
    {
        (int up, string output) = await ScriptAsync("up", "--qkdnet", $"dotnet {Cli}");
        Assert.True(up == 0, $"tokyo-netns.sh up failed ({up}):\n{output}");

        JsonElement enc = await EncKeysWhenReadyAsync(Url(node: 0), "koganei", "sae-koganei-lab", "sae-hongo-hospital");
        JsonElement key = enc.GetProperty("keys")[0];
        using HttpClient slave = EtsiClients.ForName(Url(node: 3), Pki, "sae-hongo-hospital", "hongo");
        JsonElement dec = await slave.GetFromJsonAsync<JsonElement>($"api/v1/keys/sae-koganei-lab/dec_keys?key_ID={key.GetProperty("key_ID").GetString()}");

        Assert.Equal(Convert.FromBase64String(key.GetProperty("key").GetString()!), Convert.FromBase64String(dec.GetProperty("keys")[0].GetProperty("key").GetString()!));
        JsonElement path = enc.GetProperty("key_container_extension").GetProperty("qkdnet_relay").GetProperty("keys")[0].GetProperty("paths")[0];
        string[] route = [.. path.GetProperty("route").EnumerateArray().Select(n => n.GetString()!)];
        Assert.Equal("koganei", route[0]);
        Assert.Equal("hongo", route[^1]);
        Assert.True(path.GetProperty("hops").GetInt32() >= 2, string.Join(" > ", route));

        // each node runs in a namespace of its own
        (int status, string listing) = await ScriptAsync("status");
        Assert.Equal(0, status);
        foreach (string node in new[] { "koganei", "otemachi", "hakusan", "hongo" })
        {
            Assert.Contains($"== qk{_id}-{node} (pids: ", listing, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        // always, even when the test failed half way: the script's down removes only what carries this run's prefix
        ScriptAsync("down").GetAwaiter().GetResult();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans the temp folder
        }
        catch (UnauthorizedAccessException)
        {
            // likewise
        }
    }

    private string Pki => Path.Combine(_directory, "pki");

    /// <summary>The KME of the <paramref name="node"/>-th node of the topology on the management network (10.250.ID.2 is the first).</summary>
    private Uri Url(int node) => new($"https://10.250.{_id.ToString(CultureInfo.InvariantCulture)}.{(node + 2).ToString(CultureInfo.InvariantCulture)}:{NamespaceNetwork.DefaultKmePort.ToString(CultureInfo.InvariantCulture)}/");

    private async Task<(int ExitCode, string Output)> ScriptAsync(string action, params string[] more)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[Script(), action, "--id", _id.ToString(CultureInfo.InvariantCulture), "--dir", _directory, .. more])
        {
            start.ArgumentList.Add(argument);
        }

        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(), stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private async Task<JsonElement> EncKeysWhenReadyAsync(Uri kme, string kmeId, string master, string slave)
    {
        using HttpClient client = EtsiClients.ForName(kme, Pki, master, kmeId);
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using HttpResponseMessage response = await client.GetAsync($"api/v1/keys/{slave}/enc_keys");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no key relayed from koganei to hongo within 90 s; logs in {_directory}:\n{Logs()}");
            }

            await Task.Delay(250);
        }
    }

    private string Logs() => string.Join('\n', Directory.EnumerateFiles(_directory, "*.log").Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    private static string Script()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "QkdNet.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "deploy", "netns", "tokyo-netns.sh");
    }
}
