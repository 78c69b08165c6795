namespace QkdNet.Node.Controller.Dashboard;

/// <summary>What a caller may do on the dashboard.</summary>
public enum DashboardRole
{
    /// <summary>No certificate: nothing (401).</summary>
    None = 0,

    /// <summary>A certificate of the CA that is neither a viewer nor an admin (a node, an SAE, a stranger): nothing (403).</summary>
    Refused = 1,

    /// <summary>A pinned viewer: reads everything, changes nothing.</summary>
    Viewer = 2,

    /// <summary>A pinned admin: reads everything and acts (quarantine, restore, attack drills).</summary>
    Operator = 3,
}
