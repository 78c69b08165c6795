using System.CommandLine;
using System.Security.Cryptography;
using QkdNet.Node.Cloud;
using QkdNet.Services.Cloud.Client;

namespace QkdNet.Cli;

/// <summary>
/// <c>qkdnet cloud put|get|ls|refresh|rm|bench</c>: the owner's side of the secure cloud, from a client configuration
/// (deploy/cloud-client.json) naming the KME, the certificate and the servers. Every failure is one line, exit code 2.
/// </summary>
internal static partial class CloudCommands
{
    public static Command Create(TextWriter stdout)
    {
        var cloud = new Command("cloud", "Store files as Shamir shares on several data servers, sent under QKD keys; get, list, refresh, delete them.");
        cloud.Subcommands.Add(Put(stdout));
        cloud.Subcommands.Add(Get(stdout));
        cloud.Subcommands.Add(List(stdout));
        cloud.Subcommands.Add(Refresh(stdout));
        cloud.Subcommands.Add(Remove(stdout));
        cloud.Subcommands.Add(RestoreMap(stdout));
        cloud.Subcommands.Add(Password(stdout));
        cloud.Subcommands.Add(Bench(stdout));
        AddStatistics(cloud, stdout);
        return cloud;
    }

    private static Option<string> ConfigOption() => new("--config") { Description = "The client configuration (see deploy/cloud-client.json).", Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print one JSON object." };

    private static Command Put(TextWriter stdout)
    {
        var file = new Argument<string>("FILE") { Description = "The file to store." };
        var k = new Option<int>("--k") { Description = "Shares needed to rebuild (threshold).", DefaultValueFactory = _ => 3 };
        var n = new Option<int>("--n") { Description = "Shares stored, one per server.", DefaultValueFactory = _ => 5 };
        var min = new Option<int?>("--min-servers") { Description = "Complete when at least this many servers take their share (k to n; default n); below it nothing is stored." };
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("put", "Split FILE into n shares (any k rebuild it) and store one on each server.") { file, k, n, min, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string path = parse.GetValue(file)!;
            byte[] data = ReadInput(path);
            try
            {
                using CloudSession session = OpenSession(parse.GetValue(config)!);
                Result<PutReport> put = await session.Client.PutAsync(Path.GetFileName(path), data, parse.GetValue(k), parse.GetValue(n), parse.GetValue(min), cancellationToken).ConfigureAwait(false);
                if (!put.IsSuccess)
                {
                    throw new UsageException("put: " + put.Error);
                }

                await WarnIfNotBackedUpAsync(session, cancellationToken).ConfigureAwait(false);
                PutReport r = put.Value;
                await stdout.WriteLineAsync(parse.GetValue(json)
                    ? Json.Serialize(new { object_id = r.ObjectId, name = Path.GetFileName(path), length = r.Length, k = r.Threshold, n = r.Servers.Count + r.Failed.Count, servers = r.Servers, failed = r.Failed, key_bits_used = r.KeyBitsUsed })
                    : $"stored {Path.GetFileName(path)} ({r.Length} bytes) as {r.ObjectId}: {r.Threshold}-of-{r.Servers.Count + r.Failed.Count} on {string.Join(", ", r.Servers)}; QKD key used {r.KeyBitsUsed} bits.").ConfigureAwait(false);
                return 0;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(data);
            }
        });
        return command;
    }

    private static Command Get(TextWriter stdout)
    {
        var id = new Argument<string>("ID") { Description = "The object ID (from put or ls)." };
        var output = new Option<string>("--out") { Description = "Where to write the rebuilt file.", Required = true };
        var all = new Option<bool>("--all") { Description = "Ask every server and check every share (names every liar), not just k." };
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("get", "Rebuild an object from any k shares that pass their MAC; name any server that lied.") { id, output, all, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            Result<GetReport> got = await session.Client.GetAsync(parse.GetValue(id)!, parse.GetValue(all), cancellationToken).ConfigureAwait(false);
            if (!got.IsSuccess)
            {
                throw new UsageException("get: " + got.Error);
            }

            GetReport r = got.Value;
            try
            {
                File.WriteAllBytes(parse.GetValue(output)!, r.Data);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"get: cannot write {parse.GetValue(output)}: {e.Message}");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(r.Data);
            }

            session.SaveMap();
            string[] liars = [.. r.Answers.Where(a => a.Verdict == ShareVerdict.Lied).Select(a => a.Server)];
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { object_id = r.ObjectId, length = r.Data.Length, out_file = parse.GetValue(output), answers = r.Answers.Select(a => new { server = a.Server, verdict = a.Verdict.ToString().ToLowerInvariant(), reason = a.Reason }), liars, key_bits_used = r.KeyBitsUsed })
                : $"rebuilt {r.ObjectId} ({r.Data.Length} bytes) into {parse.GetValue(output)}; QKD key used {r.KeyBitsUsed} bits."
                  + string.Concat(r.Answers.Where(a => a.Verdict is not (ShareVerdict.Verified or ShareVerdict.NotAsked)).Select(a => $"\n  {a.Server}: {a.Verdict.ToString().ToLowerInvariant()} ({a.Reason})"))).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command List(TextWriter stdout)
    {
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("ls", "List the objects in the owner's map.") { config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            CloudObject[] objects = [.. session.Client.Map.Objects.OrderBy(o => o.CreatedAt)];
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(Json.Serialize(new
                {
                    objects = objects.Select(o => new { object_id = o.Id, name = o.Name, length = o.Length, k = o.Threshold, n = o.Shares.Count, servers = o.Shares.Select(s => s.Server), refreshes = o.Refreshes, created_at = o.CreatedAt }),
                })).ConfigureAwait(false);
                return 0;
            }

            foreach (CloudObject o in objects)
            {
                await stdout.WriteLineAsync($"{o.Id}  {o.Name}  {o.Length} bytes  {o.Threshold}-of-{o.Shares.Count}  refreshed {o.Refreshes}x  {o.CreatedAt:u}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static Command Refresh(TextWriter stdout)
    {
        var id = new Argument<string>("ID") { Description = "The object ID." };
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("refresh", "Re-randomise every share of an object (add shares of zero) without rebuilding it.") { id, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            Result<RefreshReport> refreshed = await session.Client.RefreshAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (!refreshed.IsSuccess)
            {
                throw new UsageException("refresh: " + refreshed.Error);
            }

            await WarnIfNotBackedUpAsync(session, cancellationToken).ConfigureAwait(false);
            RefreshReport r = refreshed.Value;
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { object_id = r.ObjectId, refreshed = r.Refreshed, failed = r.Failed, key_bits_used = r.KeyBitsUsed })
                : $"refreshed {r.ObjectId} on {string.Join(", ", r.Refreshed)}; QKD key used {r.KeyBitsUsed} bits."
                  + string.Concat(r.Failed.Select(f => $"\n  {f.Server}: not refreshed ({f.Reason})"))).ConfigureAwait(false);
            return r.Failed.Count == 0 ? 0 : CliApp.Failed;
        });
        return command;
    }

    private static Command Remove(TextWriter stdout)
    {
        var id = new Argument<string>("ID") { Description = "The object ID." };
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("rm", "Delete every share of an object.") { id, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            Result<DeleteReport> deleted = await session.Client.DeleteAsync(parse.GetValue(id)!, cancellationToken).ConfigureAwait(false);
            if (!deleted.IsSuccess)
            {
                throw new UsageException("rm: " + deleted.Error);
            }

            await WarnIfNotBackedUpAsync(session, cancellationToken).ConfigureAwait(false);
            DeleteReport r = deleted.Value;
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { object_id = r.ObjectId, deleted = r.Deleted, failed = r.Failed })
                : $"deleted {r.ObjectId} from {string.Join(", ", r.Deleted)}." + string.Concat(r.Failed.Select(f => $"\n  {f.Server}: still holds its share ({f.Reason})"))).ConfigureAwait(false);
            return r.Failed.Count == 0 ? 0 : CliApp.Failed;
        });
        return command;
    }

    private static Command RestoreMap(TextWriter stdout)
    {
        var root = new Option<string>("--root-key") { Description = "The owner's 32-byte root key file (default: the map's path + .root).", };
        var passwordFile = PasswordFileOption(required: false);
        var (config, json) = (ConfigOption(), JsonOption());
        var command = new Command("restore-map", "Rebuild the owner's map from its secret-shared backup on the servers, with the root key alone, or with the password (see cloud password).") { root, passwordFile, config, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using CloudSession session = OpenSession(parse.GetValue(config)!);
            byte[] key;
            if (parse.GetValue(passwordFile) is { } passwordPath)
            {
                key = await RestoreRootKeyAsync(session, passwordPath, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                string path = parse.GetValue(root) ?? session.RootKeyPath;
                try
                {
                    key = File.ReadAllBytes(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new UsageException($"restore-map: cannot read the root key {path}: {e.Message}");
                }

                if (key.Length != CloudClient.RootKeyBytes)
                {
                    throw new UsageException($"restore-map: {path} is not a {CloudClient.RootKeyBytes}-byte root key.");
                }
            }

            Result<ObjectMap> restored = await session.Client.RestoreMapAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (restored.IsSuccess && parse.GetValue(passwordFile) is not null)
            {
                // the root key came from the password: keep it where the next put or backup looks for it
                session.SaveRootKey(key);
            }

            CryptographicOperations.ZeroMemory(key);
            if (!restored.IsSuccess)
            {
                throw new UsageException("restore-map: " + restored.Error);
            }

            restored.Value.Save(session.Settings.MapPath);
            await stdout.WriteLineAsync(parse.GetValue(json)
                ? Json.Serialize(new { objects = restored.Value.Objects.Count, generation = restored.Value.Generation, map = session.Settings.MapPath })
                : $"restored the map (generation {restored.Value.Generation}, {restored.Value.Objects.Count} object(s)) into {session.Settings.MapPath}.").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static async Task WarnIfNotBackedUpAsync(CloudSession session, CancellationToken cancellationToken)
    {
        if (await session.SaveAndBackUpMapAsync(cancellationToken).ConfigureAwait(false) is { } problem)
        {
            await Console.Error.WriteLineAsync("warning: the map was saved locally but not backed up to the servers: " + problem).ConfigureAwait(false);
        }
    }

    private static CloudSession OpenSession(string config)
    {
        Result<CloudClientSettings> settings = CloudClientConfigLoader.Load(config);
        if (!settings.IsSuccess)
        {
            throw new UsageException("configuration: " + settings.Error);
        }

        Result<CloudSession> session = CloudSession.Open(settings.Value);
        return session.IsSuccess ? session.Value : throw new UsageException(session.Error!);
    }

    private static byte[] ReadInput(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"put: cannot read {path}: {e.Message}");
        }
    }
}
