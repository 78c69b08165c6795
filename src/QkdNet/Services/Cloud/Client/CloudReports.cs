namespace QkdNet.Services.Cloud.Client;

/// <summary>What a put did.</summary>
/// <param name="ObjectId">The new object's identifier.</param>
/// <param name="Length">Bytes stored.</param>
/// <param name="Threshold">k.</param>
/// <param name="Servers">The servers holding a share.</param>
/// <param name="Failed">Servers that could not take theirs (only when the put was allowed to complete below n).</param>
/// <param name="KeyBitsUsed">QKD key consumed (transport and MAC keys), in bits.</param>
public sealed record PutReport(string ObjectId, long Length, int Threshold, IReadOnlyList<string> Servers, IReadOnlyList<ServerAnswer> Failed, long KeyBitsUsed);

/// <summary>What a get did; <see cref="Data"/> is the object (the caller zeroes it once written).</summary>
/// <param name="ObjectId">The object.</param>
/// <param name="Data">Its bytes.</param>
/// <param name="Answers">Each server's verdict; <see cref="ShareVerdict.Lied"/> names a server that lied.</param>
/// <param name="KeyBitsUsed">QKD key consumed, in bits.</param>
public sealed record GetReport(string ObjectId, byte[] Data, IReadOnlyList<ServerAnswer> Answers, long KeyBitsUsed)
{
    /// <inheritdoc />
    public override string ToString() => $"GetReport({ObjectId}, {Data.Length} bytes)";
}

/// <summary>What a refresh did.</summary>
/// <param name="ObjectId">The object.</param>
/// <param name="Refreshed">Servers whose share was re-randomised.</param>
/// <param name="Failed">Servers that were not (with the reason).</param>
/// <param name="KeyBitsUsed">QKD key consumed, in bits.</param>
public sealed record RefreshReport(string ObjectId, IReadOnlyList<string> Refreshed, IReadOnlyList<ServerAnswer> Failed, long KeyBitsUsed);

/// <summary>What a delete did.</summary>
/// <param name="ObjectId">The object.</param>
/// <param name="Deleted">Servers whose share is gone.</param>
/// <param name="Failed">Servers that still hold one (the object stays in the map until they are gone).</param>
public sealed record DeleteReport(string ObjectId, IReadOnlyList<string> Deleted, IReadOnlyList<ServerAnswer> Failed);
