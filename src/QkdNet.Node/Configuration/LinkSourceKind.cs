namespace QkdNet.Node.Configuration;

/// <summary>Where a link's key blocks come from (<c>"kind"</c> of a link's source in the node's configuration).</summary>
public enum LinkSourceKind
{
    /// <summary><c>simulated</c>: the decoy-state BB84 simulation and post-processing, both ends run here.</summary>
    Simulated = 0,

    /// <summary><c>random</c>: a development stand-in, uniform random blocks and no physics.</summary>
    Random,

    /// <summary><c>etsi014</c>: a QKD device's own ETSI GS QKD 014 API.</summary>
    Etsi014,
}

/// <summary>The configuration's spelling of each <see cref="LinkSourceKind"/>.</summary>
public static class LinkSourceKindNames
{
    /// <summary>The kind named <paramref name="name"/> (exact, lower case); false for any other text.</summary>
    public static bool TryParse(string name, out LinkSourceKind kind)
    {
        (bool known, kind) = name switch
        {
            "simulated" => (true, LinkSourceKind.Simulated),
            "random" => (true, LinkSourceKind.Random),
            "etsi014" => (true, LinkSourceKind.Etsi014),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>The name of <paramref name="kind"/> as the configuration spells it.</summary>
    public static string Name(this LinkSourceKind kind) => kind switch
    {
        LinkSourceKind.Random => "random",
        LinkSourceKind.Etsi014 => "etsi014",
        _ => "simulated",
    };
}
