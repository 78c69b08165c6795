using System.CommandLine;
using QkdNet.KeyManagement;
using QkdNet.Development.Pki;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet pki init</c>: a development CA and the KME, SAE and admin certificates a new user needs; for each admin,
/// the pinned <c>node.json</c> entry (<c>{"name", "certificate_sha256"}</c>).
/// </summary>
internal static class PkiCommands
{
    public static Command Create(TextWriter stdout)
    {
        var pki = new Command("pki", "Development certificates for KMEs and SAEs (mutual TLS).");
        var output = new Option<string>("--out") { Description = "Folder to write the PEM files to (created when missing).", Required = true };
        var kmes = new Option<string[]>("--kme") { Description = "A KME ID (the certificate's common name); repeat for each KME.", AllowMultipleArgumentsPerToken = true };
        var saes = new Option<string[]>("--sae") { Description = "An SAE ID (the certificate's common name); repeat for each SAE.", AllowMultipleArgumentsPerToken = true };
        var admins = new Option<string[]>("--admin") { Description = "An operator name for the admin routes; repeat as needed.", AllowMultipleArgumentsPerToken = true };
        var caKey = new Option<string>("--ca-key-out") { Description = "A folder, outside --out, to keep the CA's private key in (to issue more later); without it the CA key is not kept." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: the files written." };
        var init = new Command("init", "Create a CA (ECDSA P-256) and certificates: NAME.crt + NAME.key per KME, SAE and admin, and ca.crt.");
        init.Options.Add(output);
        init.Options.Add(kmes);
        init.Options.Add(saes);
        init.Options.Add(admins);
        init.Options.Add(caKey);
        init.Options.Add(json);
        init.SetAction(parse =>
        {
            string[] kmeIds = parse.GetValue(kmes) ?? [];
            string[] clients = [.. parse.GetValue(saes) ?? [], .. parse.GetValue(admins) ?? []];
            if (kmeIds.Length == 0)
            {
                throw new UsageException("pki init needs at least one --kme.");
            }

            string[] all = [.. kmeIds, .. clients];
            // a leading '-' is an option the parser did not know (a typo), never a name
            if (all.FirstOrDefault(n => !SaeId.TryCreate(n, out _) || n == "ca" || n.StartsWith('-')) is { } bad)
            {
                throw new UsageException($"'{bad}' is not a usable name: 1 to 64 characters from A-Z a-z 0-9 . _ - (not starting with '-', and not 'ca').");
            }

            if (all.Distinct(StringComparer.Ordinal).Count() != all.Length)
            {
                throw new UsageException("every --kme, --sae and --admin name must be different.");
            }

            string directory = parse.GetValue(output)!;
            if (all.Append("ca").Any(n => File.Exists(Path.Combine(directory, n + ".crt")) || File.Exists(Path.Combine(directory, n + ".key"))))
            {
                throw new UsageException($"{directory} already holds certificates of these names; choose another --out.");
            }

            string? caKeyDirectory = parse.GetValue(caKey);
            if (caKeyDirectory is not null && File.Exists(Path.Combine(caKeyDirectory, "ca.key")))
            {
                throw new UsageException($"{caKeyDirectory} already holds a ca.key; choose another --ca-key-out.");
            }

            IReadOnlyList<string> files;
            try
            {
                files = [.. DevelopmentPki.Create(directory, kmeIds, clients, TimeProvider.System, caKeyDirectory: caKeyDirectory)];
            }
            catch (ArgumentException e) when (e.ParamName == "caKeyDirectory")
            {
                throw new UsageException("--ca-key-out must be outside --out: whoever gets a node's certificates must not get the CA key.");
            }

            // an admin is recognised by name and pinned certificate: print the node.json entry to paste under "admins"
            var entries = (parse.GetValue(admins) ?? []).Select(admin => (admin, entry: DevelopmentPki.AdminEntry(directory, admin))).ToList();
            if (parse.GetValue(json))
            {
                stdout.WriteLine(Json.Serialize(new { directory, files, admins = entries.Select(e => e.entry) }));
                return 0;
            }

            stdout.WriteLine(string.Join('\n', files));
            foreach ((string admin, var entry) in entries)
            {
                stdout.WriteLine($"admin {admin}: {entry.ToJsonString()}");
            }

            return 0;
        });
        pki.Subcommands.Add(init);
        return pki;
    }
}
