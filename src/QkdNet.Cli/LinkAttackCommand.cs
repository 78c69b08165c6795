using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using QkdNet.Node.Pki;

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
        var command = new Command("attack", "Switch an eavesdropper on or off in a simulated link at a running node (admin route).");
        foreach (Option option in new Option[] { node, kme, link, eve, pki, name })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(node), UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            {
                throw new UsageException("--node must be an https:// URL.");
            }

            using HttpClient client = EtsiClients.ForName(url, parse.GetValue(pki)!, parse.GetValue(name)!, parse.GetValue(kme)!);
            string target = "admin/v1/links/" + Uri.EscapeDataString(parse.GetValue(link)!) + "/eavesdropper";
            using HttpResponseMessage response = await client.PostAsJsonAsync(target, new { eve = parse.GetValue(eve) }, cancellationToken).ConfigureAwait(false);
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
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

                throw new UsageException($"the node answered {(int)response.StatusCode}: {detail}");
            }

            await stdout.WriteLineAsync(body).ConfigureAwait(false);
            return 0;
        });
        return command;
    }
}
