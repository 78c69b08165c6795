using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using QkdNet.Control.Topology;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Pools;
using QkdNet.KeyManagement.Sealing;

namespace QkdNet.Node.Configuration;

/// <summary>
/// Reads and checks <c>node.json</c>. Every error names the field (a JSON path such as
/// <c>$.links[0].peer</c>) and the problem; unknown fields are errors too, so a typo never passes silently.
/// Relative paths are taken from the configuration file's folder.
/// </summary>
public static partial class NodeConfigLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads <paramref name="path"/>; a failure carries one line naming the field and the problem.</summary>
    public static Result<NodeSettings> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<NodeSettings>.Fail($"cannot read the configuration file {path}: {e.Message}");
        }

        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Checks configuration <paramref name="json"/>; relative paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static Result<NodeSettings> Parse(string json, string baseDirectory)
    {
        NodeConfigFile? file;
        try
        {
            file = JsonSerializer.Deserialize<NodeConfigFile>(json, Options);
        }
        catch (JsonException e)
        {
            return Result<NodeSettings>.Fail(Describe(e));
        }

        if (file is null)
        {
            return Result<NodeSettings>.Fail("$: the configuration must be a JSON object.");
        }

        try
        {
            return Result<NodeSettings>.Ok(new Checker(baseDirectory).Check(file));
        }
        catch (ConfigException e)
        {
            return Result<NodeSettings>.Fail(e.Message);
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private sealed class ConfigException(string field, string problem) : Exception($"{field}: {problem}");

    private sealed class Checker(string baseDirectory)
    {
        public NodeSettings Check(NodeConfigFile f)
        {
            KmeId kme = Kme(f.KmeId, "$.kme_id");
            IPEndPoint listen = Endpoint(f.Listen, "$.listen");
            LogLevel level = f.LogLevel is null ? LogLevel.Information
                : Enum.TryParse(f.LogLevel, ignoreCase: true, out LogLevel l) && Enum.IsDefined(l) ? l
                : throw new ConfigException("$.log_level", "must be one of trace, debug, information, warning, error, critical, none.");
            StoreSettings store = Store(f.Store ?? throw new ConfigException("$.store", "is required."), kme);
            TlsSection tls = f.Tls ?? throw new ConfigException("$.tls", "is required.");
            var tlsSettings = new TlsSettings(
                File(tls.Certificate, "$.tls.certificate"), File(tls.Key, "$.tls.key"), File(tls.Ca, "$.tls.ca"));
            UnsealSettings unseal = Unseal(f.Unseal ?? new UnsealSection());

            var saes = new List<SaeSettings>();
            var allSaes = new HashSet<SaeId>();
            for (int i = 0; i < (f.Saes?.Count ?? 0); i++)
            {
                string at = $"$.saes[{i}]";
                SaeSection s = f.Saes![i] ?? throw new ConfigException(at, "must be an object.");
                SaeId id = Sae(s.Id, at + ".id");
                if (!allSaes.Add(id))
                {
                    throw new ConfigException(at + ".id", $"SAE {id} is listed twice.");
                }

                saes.Add(new SaeSettings(id, Thumbprint(s.CertificateSha256, at + ".certificate_sha256")));
            }

            var peers = new List<PeerSettings>();
            for (int i = 0; i < (f.Peers?.Count ?? 0); i++)
            {
                string at = $"$.peers[{i}]";
                PeerSection p = f.Peers![i] ?? throw new ConfigException(at, "must be an object.");
                KmeId id = Kme(p.KmeId, at + ".kme_id");
                if (id == kme || peers.Any(x => x.Id == id))
                {
                    throw new ConfigException(at + ".kme_id", $"KME {id} is this node or listed twice.");
                }

                if (!Uri.TryCreate(p.KxUrl, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
                {
                    throw new ConfigException(at + ".kx_url", "must be an absolute https:// URL.");
                }

                var peerSaes = new List<SaeId>();
                for (int j = 0; j < (p.Saes?.Count ?? 0); j++)
                {
                    SaeId sae = Sae(p.Saes![j], $"{at}.saes[{j}]");
                    if (!allSaes.Add(sae))
                    {
                        throw new ConfigException($"{at}.saes[{j}]", $"SAE {sae} is already attached to another KME.");
                    }

                    peerSaes.Add(sae);
                }

                peers.Add(new PeerSettings(id, url, Thumbprint(p.CertificateSha256, at + ".certificate_sha256"), peerSaes));
            }

            foreach (SaeId sae in allSaes)
            {
                if (string.Equals(sae.Value, kme.Value, StringComparison.Ordinal) || peers.Any(p => string.Equals(p.Id.Value, sae.Value, StringComparison.Ordinal)))
                {
                    throw new ConfigException("$.saes", $"SAE ID {sae} equals a KME ID; certificate names must tell SAEs and KMEs apart.");
                }
            }

            var admins = new List<AdminSettings>();
            for (int i = 0; i < (f.Admins?.Count ?? 0); i++)
            {
                AdminSettings admin = Admin(f.Admins![i], $"$.admins[{i}]");
                if (allSaes.Any(s => s.Value == admin.Name) || peers.Any(p => p.Id.Value == admin.Name) || admins.Any(a => a.Name == admin.Name))
                {
                    throw new ConfigException($"$.admins[{i}].name", "must be a certificate common name that is no SAE or KME and not listed twice.");
                }

                admins.Add(admin);
            }

            bool development = f.Development ?? false;
            var links = new List<LinkSettings>();
            for (int i = 0; i < (f.Links?.Count ?? 0); i++)
            {
                LinkSettings link = Link(f.Links![i], $"$.links[{i}]", kme, peers, links, store.Pool.KeySizeBits);
                if (link.Source.Origin != Quantum.KeyOrigin.Quantum && !development)
                {
                    throw new ConfigException($"$.links[{i}].source.kind", link.Source.Origin == Quantum.KeyOrigin.Synthetic
                        ? "random gives synthetic key, with no QKD behind it; set \"development\": true at the top of node.json to run it (never in production)."
                        : "simulated gives key from the BB84 simulation, not from a QKD device; set \"development\": true at the top of node.json to run it (never in production).");
                }

                links.Add(link);
            }

            (NetworkSettings? network, string? field, string? problem) = f.Network?.Check(baseDirectory, kme, links, saes) ?? default;
            if (field is not null)
            {
                throw new ConfigException(field, problem!);
            }

            // Each link post-processes at the QBER threshold the topology gives it, the one the controller quarantines at.
            List<LinkSettings> thresholded = [.. links.Select(l =>
                network is not null && network.Topology.TryGetLink(l.Id, out TopologyLink t) ? l with { QberThreshold = t.QberThreshold } : l)];
            return new NodeSettings(kme, listen, level, store, tlsSettings, unseal, saes, admins, peers, thresholded) { Network = network, Development = development };
        }

        /// <summary>An admin entry: <c>{"name": ..., "certificate_sha256": ...}</c>, or <c>"certificate": PATH</c> to pin the certificate in that file.</summary>
        private AdminSettings Admin(JsonElement entry, string at)
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new ConfigException(at, "must be an object {\"name\": ..., \"certificate_sha256\": ...}: an admin is recognised by name and pinned certificate, never by name alone (qkdnet pki init prints each certificate's SHA-256).");
            }

            AdminSection a;
            try
            {
                a = entry.Deserialize<AdminSection>(Options)!;
            }
            catch (JsonException e)
            {
                throw new ConfigException(at + (e.Path is { Length: > 1 } path ? path[1..] : string.Empty), FirstLine(e.Message));
            }

            if (!SaeId.TryCreate(a.Name, out _))
            {
                throw new ConfigException(at + ".name", "must be a certificate common name (A-Z a-z 0-9 . _ -).");
            }

            string pin = (a.CertificateSha256, a.Certificate) switch
            {
                ({ } sha256, null) => Thumbprint(sha256, at + ".certificate_sha256")!,
                (null, { } file) => PinOf(File(file, at + ".certificate"), at + ".certificate"),
                _ => throw new ConfigException(at, "needs exactly one of certificate_sha256 (the SHA-256 thumbprint of the admin's certificate) and certificate (its PEM file)."),
            };
            return new AdminSettings(a.Name, pin);
        }

        private static string PinOf(string path, string field)
        {
            try
            {
                using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path);
                return QkdNet.Services.KeyDelivery.KmeCertificates.Sha256(certificate);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new ConfigException(field, $"{path} holds no certificate: {FirstLine(e.Message)}");
            }
        }

        private LinkSettings Link(LinkSection? l, string at, KmeId self, List<PeerSettings> peers, List<LinkSettings> links, int poolKeySizeBits)
        {
            if (l is null)
            {
                throw new ConfigException(at, "must be an object.");
            }

            if (!LinkId.TryCreate(l.Id, out LinkId id))
            {
                throw new ConfigException(at + ".id", "must be 1 to 64 characters from A-Z a-z 0-9 . _ -.");
            }

            KmeId peer = Kme(l.Peer, at + ".peer");
            if (!peers.Any(p => p.Id == peer))
            {
                throw new ConfigException(at + ".peer", $"KME {peer} is not listed under $.peers.");
            }

            if (links.Any(x => x.Id == id || x.Peer == peer))
            {
                throw new ConfigException(at, $"link {id} or another link to {peer} is listed twice (one link per peer).");
            }

            if (!LinkPools.TryCreate(id, self, peer, out _))
            {
                throw new ConfigException(at + ".id", "is too long: the link ID plus either KME ID and a dot must fit in 64 characters.");
            }

            LinkSourceSection s = l.Source ?? new LinkSourceSection();
            if (!LinkSourceKindNames.TryParse(s.Kind ?? "simulated", out LinkSourceKind kind))
            {
                throw new ConfigException(at + ".source.kind", "must be simulated, random or etsi014.");
            }

            if (kind == LinkSourceKind.Etsi014)
            {
                return new LinkSettings(id, peer, DeviceSource(s, at + ".source", poolKeySizeBits, LinkPools.RunsSource(self, peer) ? null : (self, peer)));
            }

            if (FirstDeviceField(s) is { } stray)
            {
                throw new ConfigException($"{at}.source.{stray}", $"belongs to an etsi014 source, not to a {kind.Name()} one.");
            }

            string preset = s.Preset ?? "gys";
            double km = s.DistanceKm ?? 10;
            if (kind == LinkSourceKind.Simulated && Quantum.Physics.LinkPresets.Create(preset, km) is { IsSuccess: false } invalid)
            {
                // the preset's own message names the known presets, or what is wrong with the distance
                throw new ConfigException(at + ".source", invalid.Error!);
            }

            // 0 means "the link's recommended block size" (about 2e6 sifted bits, enough to pay for authentication).
            long pulses = s.PulsesPerBlock ?? 0;
            int blockBits = s.BlockBits ?? 1 << 20;
            if (pulses < 0 || blockBits < 8 || blockBits % 8 != 0 || blockBits > 64 << 20)
            {
                throw new ConfigException(at + ".source", "pulses_per_block must be positive (or left out for the recommended size) and block_bits a multiple of 8 from 8 to 67108864.");
            }

            double probe = s.ProbeIntervalSeconds ?? LinkSourceSettings.DefaultProbeInterval.TotalSeconds;
            if (!(probe >= 0.05 && probe <= 3600))
            {
                throw new ConfigException(at + ".source.probe_interval_seconds", "must be from 0.05 to 3600.");
            }

            return new LinkSettings(id, peer, new LinkSourceSettings(kind, preset, km, pulses, blockBits) { ProbeInterval = TimeSpan.FromSeconds(probe) });
        }

        /// <summary>
        /// An <c>etsi014</c> source: the device KME's URL and identity, this node's PEM files there, the two SAE IDs,
        /// and, on the master end, the batch shape. The fields of the other kinds are refused, so a half-converted source
        /// fails loudly; so is a batch shape on the slave end (<paramref name="slaveOf"/>: this node and the master), which
        /// takes it from the master's announcements, so the two files cannot disagree (issue 11).
        /// </summary>
        private LinkSourceSettings DeviceSource(LinkSourceSection s, string at, int poolKeySizeBits, (KmeId Self, KmeId Master)? slaveOf)
        {
            if (slaveOf is { } ends && (s.KeySizeBits is not null || s.Batch is not null))
            {
                throw new ConfigException(at + (s.KeySizeBits is not null ? ".key_size_bits" : ".batch"),
                    $"is set only on the link's master end: this node ({ends.Self}) is the slave end (the master is {ends.Master}, the lower KME ID) and takes the batch shape from the master's announcements; remove it here.");
            }

            string? stray = s.Preset is not null ? "preset" : s.DistanceKm is not null ? "distance_km" : s.PulsesPerBlock is not null ? "pulses_per_block"
                : s.BlockBits is not null ? "block_bits" : s.ProbeIntervalSeconds is not null ? "probe_interval_seconds" : null;
            if (stray is not null)
            {
                throw new ConfigException($"{at}.{stray}", "does not apply to an etsi014 source (its blocks are batches of device keys: key_size_bits × batch).");
            }

            if (!Uri.TryCreate(s.KmeUrl, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps)
            {
                throw new ConfigException(at + ".kme_url", "must be the absolute https:// base URL of the QKD device's ETSI 014 API.");
            }

            KmeId device = Kme(s.KmeId, at + ".kme_id");
            string? pin = Thumbprint(s.KmeCertificateSha256, at + ".kme_certificate_sha256");
            string certificate = File(s.Certificate, at + ".certificate"), key = File(s.Key, at + ".key"), ca = File(s.Ca, at + ".ca");
            CheckIdentity(certificate, key, ca, at);
            SaeId master = Sae(s.MasterSae, at + ".master_sae"), slave = Sae(s.SlaveSae, at + ".slave_sae");
            if (master == slave)
            {
                throw new ConfigException(at + ".slave_sae", "must differ from master_sae.");
            }

            double poll = s.PollIntervalSeconds ?? 1;
            if (!(poll >= 0.05 && poll <= 3600))
            {
                throw new ConfigException(at + ".poll_interval_seconds", "must be from 0.05 to 3600.");
            }

            var connection = new Services.KeyDelivery.KmeConnection(url, ca, certificate, key, device.Value, pin);
            if (slaveOf is not null)
            {
                return new LinkSourceSettings(LinkSourceKind.Etsi014, string.Empty, 0, 0, 0) { Device = DeviceSourceSettings.Slave(connection, master, slave, TimeSpan.FromSeconds(poll)) };
            }

            int keySize = s.KeySizeBits ?? 256;
            if (keySize < 8 || keySize % 8 != 0 || keySize > 65_536)
            {
                throw new ConfigException(at + ".key_size_bits", "must be a multiple of 8 from 8 to 65536.");
            }

            int batch = Range(s.Batch ?? 64, 1, 4096, at + ".batch");
            // a pool key lies in one block (KeyAllocation: block, offset, length), so a block must hold at least one
            if ((long)keySize * batch < poolKeySizeBits || (long)keySize * batch > 64 << 20)
            {
                throw new ConfigException(at + ".batch", $"key_size_bits × batch is one pool block and must be from $.store.key_size_bits ({poolKeySizeBits}) to 67108864 bits.");
            }

            var settings = new DeviceSourceSettings(connection, master, slave, keySize, batch, TimeSpan.FromSeconds(poll));
            return new LinkSourceSettings(LinkSourceKind.Etsi014, string.Empty, 0, 0, settings.BlockBits) { Device = settings };
        }

        /// <summary>
        /// Reads the PEM files a device link presents and trusts, so a file that holds no certificate, or a key that is
        /// not the certificate's, fails here with its field rather than when the link first calls the device.
        /// </summary>
        private static void CheckIdentity(string certificate, string key, string ca, string at)
        {
            try
            {
                using var identity = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificate, key);
            }
            catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
            {
                throw new ConfigException(at + ".certificate", $"{certificate} and the key {key} are not a PEM certificate and its private key: {FirstLine(e.Message)}");
            }

            var roots = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(ca);
                if (roots.Count == 0)
                {
                    throw new ConfigException(at + ".ca", $"{ca} holds no PEM certificate.");
                }
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new ConfigException(at + ".ca", $"{ca} holds no PEM certificate: {FirstLine(e.Message)}");
            }
            finally
            {
                foreach (System.Security.Cryptography.X509Certificates.X509Certificate2 root in roots)
                {
                    root.Dispose();
                }
            }
        }

        /// <summary>The first field of an etsi014 source set on a source of another kind, or null.</summary>
        private static string? FirstDeviceField(LinkSourceSection s) =>
            s.KmeUrl is not null ? "kme_url" : s.KmeId is not null ? "kme_id" : s.KmeCertificateSha256 is not null ? "kme_certificate_sha256"
            : s.Certificate is not null ? "certificate" : s.Key is not null ? "key" : s.Ca is not null ? "ca"
            : s.MasterSae is not null ? "master_sae" : s.SlaveSae is not null ? "slave_sae" : s.KeySizeBits is not null ? "key_size_bits"
            : s.Batch is not null ? "batch" : s.PollIntervalSeconds is not null ? "poll_interval_seconds" : null;

        private StoreSettings Store(StoreSection s, KmeId kme)
        {
            PostgresStoreSettings? postgres = s.Kind switch
            {
                null or "sqlite" => null,
                "postgres" => Postgres(s, kme),
                _ => throw new ConfigException("$.store.kind", "must be sqlite (the default) or postgres."),
            };
            if (postgres is null && (s.ConnectionString is not null || s.Schema is not null))
            {
                throw new ConfigException("$.store.kind", "must be postgres when connection_string or schema is set.");
            }

            if (postgres is not null && s.Path is not null)
            {
                throw new ConfigException("$.store.path", "is for the sqlite store; a postgres store has connection_string and schema.");
            }

            string path = postgres is null ? Resolve(s.Path, "$.store.path") : string.Empty;
            PoolOptions pool = new(
                s.KeySizeBits ?? PoolOptions.Default.KeySizeBits,
                s.LowWatermarkBits ?? PoolOptions.Default.LowWatermarkBits,
                s.HighWatermarkBits ?? PoolOptions.Default.HighWatermarkBits,
                s.CapacityBits ?? PoolOptions.Default.CapacityBits);
            try
            {
                pool.Validate();
            }
            catch (ArgumentException e)
            {
                throw new ConfigException("$.store", e.Message);
            }

            TimeSpan lifetime = Seconds(s.ReservationLifetimeSeconds ?? 300, "$.store.reservation_lifetime_seconds");
            TimeSpan sweep = Seconds(s.SweepIntervalSeconds ?? 10, "$.store.sweep_interval_seconds");
            int maxKeys = Range(s.MaxKeysPerRequest ?? 1024, 1, 4096, "$.store.max_keys_per_request");
            int maxSize = Range(s.MaxKeySizeBits ?? 8192, 8, 65536, "$.store.max_key_size_bits");
            if (maxSize % 8 != 0 || pool.KeySizeBits > maxSize)
            {
                throw new ConfigException("$.store.max_key_size_bits", "must be a multiple of 8 and at least key_size_bits.");
            }

            int maxSaes = Range(s.MaxSaeIdCount ?? 8, 0, 254, "$.store.max_sae_id_count");
            return new StoreSettings(path, lifetime, sweep, maxKeys, maxSize, maxSaes, pool) { Postgres = postgres };
        }

        private static PostgresStoreSettings Postgres(StoreSection s, KmeId kme)
        {
            if (string.IsNullOrWhiteSpace(s.ConnectionString))
            {
                throw new ConfigException("$.store.connection_string", "is required for a postgres store (e.g. \"Host=db;Database=qkdnet;Username=qkdnet\").");
            }

            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(s.ConnectionString);
            }
            catch (ArgumentException e)
            {
                // the message names the keyword, never the values (a password may be among them)
                throw new ConfigException("$.store.connection_string", $"is not a valid connection string: {FirstLine(e.Message)}");
            }

            string schema = s.Schema ?? "qkdnet_" + kme.Value.ToLowerInvariant().Replace('-', '_').Replace('.', '_');
            return Storage.Postgres.PostgresKeyStoreOptions.IsValidSchema(schema)
                ? new PostgresStoreSettings(s.ConnectionString, schema)
                : throw new ConfigException("$.store.schema", s.Schema is null
                    ? $"the default schema {schema} is longer than {Storage.Postgres.PostgresKeyStoreOptions.MaxSchemaLength} characters; set schema."
                    : "must be 1 to 63 characters from a-z 0-9 _, starting with a letter or _.");
        }

        private UnsealSettings Unseal(UnsealSection u)
        {
            int iterations = u.Pbkdf2Iterations ?? SealSetup.DefaultPbkdf2Iterations;
            if (iterations < SealSetup.MinPbkdf2Iterations)
            {
                throw new ConfigException("$.unseal.pbkdf2_iterations", $"must be at least {SealSetup.MinPbkdf2Iterations}.");
            }

            int t = u.ShareThreshold ?? 0, n = u.ShareCount ?? 0;
            if (n < 0 || t < 0 || (n > 0 && (t < 1 || t > n || n > ShamirSecretSharing.MaxShares)) || (n == 0 && t != 0))
            {
                throw new ConfigException("$.unseal.share_threshold", $"shares need 1 <= share_threshold <= share_count <= {ShamirSecretSharing.MaxShares}.");
            }

            if (n > 0 && u.SharesOut is null)
            {
                throw new ConfigException("$.unseal.shares_out", "is required when share_count is set (the file the new shares are written to).");
            }

            if (u.PassphraseEnv is not null && u.PassphraseEnv.Length == 0)
            {
                throw new ConfigException("$.unseal.passphrase_env", "must name an environment variable.");
            }

            return new UnsealSettings(
                u.PassphraseEnv,
                u.PassphraseFile is null ? null : File(u.PassphraseFile, "$.unseal.passphrase_file"),
                u.Initialize ?? false,
                iterations,
                t,
                n,
                u.SharesOut is null ? null : Resolve(u.SharesOut, "$.unseal.shares_out"));
        }

        private static KmeId Kme(string? value, string field) =>
            KmeId.TryCreate(value, out KmeId id) ? id : throw new ConfigException(field, "must be a KME ID of 1 to 64 characters from A-Z a-z 0-9 . _ -.");

        private static SaeId Sae(string? value, string field) =>
            SaeId.TryCreate(value, out SaeId id) ? id : throw new ConfigException(field, "must be an SAE ID of 1 to 64 characters from A-Z a-z 0-9 . _ -.");

        private static IPEndPoint Endpoint(string? value, string field) =>
            IPEndPoint.TryParse(value ?? string.Empty, out IPEndPoint? ep) && ep.Port is > 0 and <= 65535
                ? ep
                : throw new ConfigException(field, "must be an IP address and a port from 1 to 65535, e.g. 127.0.0.1:8443.");

        private static string? Thumbprint(string? value, string field) =>
            value is null ? null
            : value.Length == 64 && value.All(char.IsAsciiHexDigit) ? value.ToUpperInvariant()
            : throw new ConfigException(field, "must be 64 hexadecimal digits (a SHA-256 thumbprint).");

        private static TimeSpan Seconds(double value, string field) =>
            value > 0 && value <= 86_400 * 30 ? TimeSpan.FromSeconds(value) : throw new ConfigException(field, "must be more than 0 and at most 30 days.");

        private static int Range(int value, int min, int max, string field) =>
            value >= min && value <= max ? value : throw new ConfigException(field, $"must be from {min} to {max}.");

        private string Resolve(string? value, string field) =>
            string.IsNullOrWhiteSpace(value) ? throw new ConfigException(field, "is required.") : Path.GetFullPath(value, baseDirectory);

        private string File(string? value, string field)
        {
            string path = Resolve(value, field);
            return System.IO.File.Exists(path) ? path : throw new ConfigException(field, $"file {path} does not exist.");
        }
    }
}
