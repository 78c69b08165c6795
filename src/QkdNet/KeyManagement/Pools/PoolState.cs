namespace QkdNet.KeyManagement.Pools;

/// <summary>
/// How full a link's pool is, from its available bits <c>A</c> and its <see cref="PoolOptions"/>
/// (key size <c>k</c>, low watermark <c>L</c>, high watermark <c>H</c>, <c>k &lt;= L &lt;= H</c>).
/// </summary>
public enum PoolState
{
    /// <summary><c>A &gt;= H</c>: full enough for normal service.</summary>
    Ready = 0,

    /// <summary><c>L &lt;= A &lt; H</c>: serving, and the link is refilling it towards the high watermark.</summary>
    Charging,

    /// <summary><c>k &lt;= A &lt; L</c>: still serving but below the low watermark; raise an alarm, prefer other paths.</summary>
    Warning,

    /// <summary><c>A &lt; k</c>: not even one key of the pool's key size left.</summary>
    Empty,
}
