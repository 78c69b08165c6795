using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Node.Network;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet link attack --node URL --kme ID --link ID --eve intercept-resend:1|pns|none --pki DIR --as NAME</c>: switches an
/// eavesdropper on (or off) in the simulation of a link at the node that runs its source, through that node's admin
/// route (an admin client certificate). An attack drill: the link's QBER rises, its blocks are aborted, and the
/// controller quarantines it.
/// </summary>
internal static class LinkAttackCommand
{
    public static Command Create(TextWriter stdout)
    {
        var node = new Option<string>("--node") { Description = "Base URL of the node that runs the link's source (the end with the lower KME ID).", Required = true };
        var kme = new Option<string>("--kme") { Description = "That node's KME ID: its certificate must name it (another certificate of the CA is refused).", Required = true };
        var link = new Option<string>("--link") { Description = "The link ID.", Required = true };
        var eve = new Option<string>("--eve") { Description = "intercept-resend:FRACTION, pns, or none to stop the attack.", Required = true };
        var pki = new Option<string>("--pki") { Description = "Folder with ca.crt and NAME.crt/NAME.key.", Required = true };
        var name = new Option<string>("--as") { Description = "The admin certificate's name.", DefaultValueFactory = _ => "ops" };
        var json = new Option<bool>("--json") { Description = "Print the node's answer as one JSON object." };
        var command = new Command("attack", "Switch an eavesdropper on or off in a simulated link at a running node (admin route).");
        foreach (Option option in new Option[] { node, kme, link, eve, pki, name, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(node), UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            {
                throw new UsageException("--node must be an https:// URL.");
            }

            string folder = parse.GetValue(pki)!, admin = parse.GetValue(name)!;
            string[] files = ["ca.crt", admin + ".crt", admin + ".key"];
            if (files.FirstOrDefault(f => !File.Exists(Path.Combine(folder, f))) is { } missing)
            {
                throw new UsageException($"{Path.Combine(folder, missing)}: no such file; --as names an admin certificate in --pki (pki init --admin NAME makes one).");
            }

            using HttpClient client = EtsiClients.ForName(url, folder, admin, parse.GetValue(kme)!);
            string target = "admin/v1/links/" + Uri.EscapeDataString(parse.GetValue(link)!) + "/eavesdropper";
            HttpResponseMessage response;
            try
            {
                response = await client.PostAsJsonAsync(target, new { eve = parse.GetValue(eve) }, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException e)
            {
                throw new UsageException($"cannot reach the node at {url}: {e.Message.TrimEnd('.')}. Is it running, and is --node its URL?");
            }

            using HttpResponseMessage answer = response;
            string body = await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!answer.IsSuccessStatusCode)
            {
                string detail = body;
                try
                {
                    using JsonDocument problem = JsonDocument.Parse(body);
                    detail = problem.RootElement.TryGetProperty("detail", out JsonElement d) ? d.GetString() ?? body : body;
                }
                catch (JsonException)
                {
                    // not a problem document; show the body as it is
                }

                throw new UsageException($"the node answered {(int)answer.StatusCode}: {detail}");
            }

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(body).ConfigureAwait(false);
            }
            else
            {
                EavesdropperAnswer? set = JsonSerializer.Deserialize<EavesdropperAnswer>(body);
                await stdout.WriteLineAsync($"link {set?.Link}: eavesdropper {set?.Eve ?? "none"}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
