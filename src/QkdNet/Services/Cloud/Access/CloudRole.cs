namespace QkdNet.Services.Cloud.Access;

/// <summary>The roles of the secure cloud's policy (issue 12, section 5).</summary>
public enum CloudRole
{
    /// <summary>Puts, gets, refreshes and deletes their own objects.</summary>
    Owner,

    /// <summary>Aggregates only, through the statistics service: never a share or a record.</summary>
    Analyst,

    /// <summary>Reads the audit log.</summary>
    Auditor,

    /// <summary>Server health, no data.</summary>
    Operator,
}
