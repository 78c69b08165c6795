namespace QkdNet.Services.Cloud.Client;

/// <summary>One object the owner stored: its shares and how to rebuild it.</summary>
public sealed record CloudObject
{
    /// <summary>The object's random identifier (32 hex digits, never sent to a server).</summary>
    public required string Id { get; init; }

    /// <summary>The file name it was put from.</summary>
    public required string Name { get; init; }

    /// <summary>Length in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>The threshold k.</summary>
    public required int Threshold { get; init; }

    /// <summary>When it was put.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Proactive refreshes applied.</summary>
    public int Refreshes { get; init; }

    /// <summary>The shares, one per server.</summary>
    public required IReadOnlyList<PlacedShare> Shares { get; init; }
}
