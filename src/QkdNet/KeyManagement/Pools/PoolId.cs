namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// One of a link's two pools (see <see cref="LinkPools"/>): the link and the KME that reserves from it as master.
/// Its text, <c>{link}.{owner}</c>, is what the key store keys the pool by and what peers send in Kx messages; it
/// must itself be a valid <see cref="LinkId"/> (at most 64 characters), which <see cref="TryCreate"/> checks once.
/// </summary>
/// <remarks>
/// Link and KME IDs may both contain a dot, so the text alone does not say where the link ends; a pool named by a
/// peer is read against the link it arrived on (<see cref="TryParse"/>).
/// </remarks>
public readonly record struct PoolId
{
    private readonly LinkId _name;

    private PoolId(LinkId link, KmeId owner, LinkId name)
    {
        Link = link;
        Owner = owner;
        _name = name;
    }

    /// <summary>The link whose blocks the pool holds.</summary>
    public LinkId Link { get; }

    /// <summary>The KME that reserves from this pool when it is master.</summary>
    public KmeId Owner { get; }

    /// <summary>The pool of <paramref name="link"/> owned by <paramref name="owner"/>; false when its text would pass 64 characters.</summary>
    public static bool TryCreate(LinkId link, KmeId owner, out PoolId pool)
    {
        if (link.Value.Length > 0 && owner.Value.Length > 0 && LinkId.TryCreate(link.Value + "." + owner.Value, out LinkId name))
        {
            pool = new PoolId(link, owner, name);
            return true;
        }

        pool = default;
        return false;
    }

    /// <summary>The pool of <paramref name="link"/> owned by <paramref name="owner"/>; throws <see cref="ArgumentException"/> when too long (configuration checks it first).</summary>
    public static PoolId Create(LinkId link, KmeId owner) =>
        TryCreate(link, owner, out PoolId pool) ? pool : throw new ArgumentException($"The pool name '{link}.{owner}' is longer than {IdentifierRules.MaxLength} characters.", nameof(owner));

    /// <summary>Reads a pool of <paramref name="link"/> from its text (<c>{link}.{owner}</c>); false for a pool of another link or a malformed owner.</summary>
    public static bool TryParse(string? text, LinkId link, out PoolId pool)
    {
        string prefix = link.Value + ".";
        if (text is not null && link.Value.Length > 0 && text.StartsWith(prefix, StringComparison.Ordinal)
            && KmeId.TryCreate(text[prefix.Length..], out KmeId owner))
        {
            return TryCreate(link, owner, out pool);
        }

        pool = default;
        return false;
    }

    /// <summary>
    /// The pool as the key store names it. The store's API takes a pool as a <see cref="LinkId"/> (relay pools share that
    /// namespace), so the conversion is implicit; it cannot fail, since <see cref="TryCreate"/> validated the text.
    /// </summary>
    public static implicit operator LinkId(PoolId pool) => pool._name;

    /// <summary>The pool's text, <c>{link}.{owner}</c>, as stored and sent.</summary>
    public override string ToString() => _name.Value;
}
