namespace QkdNet.Services.Cloud.Access;

/// <summary>What a request to a data server asks for.</summary>
public enum CloudAction
{
    /// <summary>Store a new share.</summary>
    Put,

    /// <summary>Read a share.</summary>
    Get,

    /// <summary>List one's own shares.</summary>
    List,

    /// <summary>Add a share of zero to a share (proactive refresh).</summary>
    Refresh,

    /// <summary>Delete a share.</summary>
    Delete,

    /// <summary>Read the audit log.</summary>
    ReadAudit,

    /// <summary>Read the server's health.</summary>
    Health,
}
