using System.Text.Json;

namespace QkdNet.Services.Cloud.Access;

/// <summary>
/// Which certificate name holds which roles on a data server, checked on the server for every request (the client's
/// view of its own rights counts for nothing). Loaded from a policy file:
/// <c>{"principals": [{"name": "alice", "roles": ["owner"]}, {"name": "audit-1", "roles": ["auditor"]}]}</c>.
/// Immutable and thread-safe.
/// </summary>
public sealed class AccessPolicy
{
    private readonly Dictionary<string, CloudRole[]> _roles;

    /// <summary>A policy giving each name its roles.</summary>
    public AccessPolicy(IReadOnlyDictionary<string, CloudRole[]> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _roles = roles.ToDictionary(p => p.Key, p => p.Value.Distinct().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The roles of <paramref name="name"/> (empty when unknown).</summary>
    public IReadOnlyList<CloudRole> RolesOf(string name) => _roles.GetValueOrDefault(name) ?? [];

    /// <summary>Whether <paramref name="caller"/> may do <paramref name="action"/>; ownership of a particular share is checked by the service.</summary>
    public AccessDecision Check(string caller, CloudAction action)
    {
        IReadOnlyList<CloudRole> roles = RolesOf(caller);
        if (roles.Count == 0)
        {
            return new AccessDecision(false, "none", $"'{caller}' is not in this server's access policy.");
        }

        CloudRole needed = action switch
        {
            CloudAction.ReadAudit => CloudRole.Auditor,
            CloudAction.Health => CloudRole.Operator,
            _ => CloudRole.Owner,
        };
        if (roles.Contains(needed))
        {
            return new AccessDecision(true, Name(needed), "ok");
        }

        string held = string.Join('+', roles.Select(Name));
        string why = roles.Contains(CloudRole.Analyst) && needed == CloudRole.Owner
            ? "analysts see aggregates only, through the statistics service, never a share"
            : $"{Name(needed)} role required";
        return new AccessDecision(false, held, $"role {held} may not {Verb(action)}: {why}.");
    }

    /// <summary>Reads a policy file; a failure names the problem (never throws for bad content).</summary>
    public static Result<AccessPolicy> Parse(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("principals", out JsonElement principals) || principals.ValueKind != JsonValueKind.Array)
            {
                return Result<AccessPolicy>.Fail("the policy needs a \"principals\" array.");
            }

            var roles = new Dictionary<string, CloudRole[]>(StringComparer.Ordinal);
            int index = 0;
            foreach (JsonElement principal in principals.EnumerateArray())
            {
                string where = $"principals[{index++}]";
                if (principal.ValueKind != JsonValueKind.Object
                    || !principal.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String || name.GetString() is not { Length: > 0 } text)
                {
                    return Result<AccessPolicy>.Fail($"{where} needs a non-empty \"name\".");
                }

                if (!principal.TryGetProperty("roles", out JsonElement list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                {
                    return Result<AccessPolicy>.Fail($"{where} ({text}) needs a non-empty \"roles\" array.");
                }

                var parsed = new List<CloudRole>();
                foreach (JsonElement role in list.EnumerateArray())
                {
                    if (role.ValueKind != JsonValueKind.String || !TryParseRole(role.GetString(), out CloudRole value))
                    {
                        return Result<AccessPolicy>.Fail($"{where} ({text}): unknown role {role}; the roles are owner, analyst, auditor, operator.");
                    }

                    parsed.Add(value);
                }

                if (!roles.TryAdd(text, [.. parsed]))
                {
                    return Result<AccessPolicy>.Fail($"{where}: '{text}' is listed twice.");
                }
            }

            return new AccessPolicy(roles);
        }
        catch (JsonException e)
        {
            return Result<AccessPolicy>.Fail($"the policy is not valid JSON ({e.Message}).");
        }
    }

    /// <summary>The policy file's name for <paramref name="role"/>.</summary>
    public static string Name(CloudRole role) => role switch
    {
        CloudRole.Owner => "owner",
        CloudRole.Analyst => "analyst",
        CloudRole.Auditor => "auditor",
        CloudRole.Operator => "operator",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    private static bool TryParseRole(string? text, out CloudRole role)
    {
        foreach (CloudRole candidate in Enum.GetValues<CloudRole>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    private static string Verb(CloudAction action) => action switch
    {
        CloudAction.Put => "put shares",
        CloudAction.Get => "get shares",
        CloudAction.List => "list shares",
        CloudAction.Refresh => "refresh shares",
        CloudAction.Delete => "delete shares",
        CloudAction.ReadAudit => "read the audit log",
        CloudAction.Health => "read server health",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}
