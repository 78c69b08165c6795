using System.Security.Cryptography;
using QkdNet.Primitives.SecretSharing;
using QkdNet.Services.Cloud.Integrity;

namespace QkdNet.Services.Cloud.Client;

/// <summary>
/// Checks shares a get brought back against the owner's map and rebuilds the object from k verified shares of one
/// version. Each share is checked by its own MAC (<see cref="ShareMac"/>), so a corrupted, substituted, stale or foreign
/// share is caught on its own, named, and left out; any k that pass rebuild the data (Shamir 1979). Pure: no I/O.
/// </summary>
public static class ShareRebuilder
{
    /// <summary>
    /// Checks <paramref name="bytes"/>, reported by the server at <paramref name="version"/>, against <paramref name="placed"/>:
    /// the version the map expects (or a refresh whose answer was lost), the length, the tag. Null when it passes, else the reason.
    /// </summary>
    public static string? Check(PlacedShare placed, long length, ReadOnlySpan<byte> bytes, long version)
    {
        ArgumentNullException.ThrowIfNull(placed);
        return Check(placed, length, bytes.Length, version, ShareMac.Tag(placed.MacKey, bytes, version));
    }

    /// <summary>
    /// As <see cref="Check(PlacedShare, long, ReadOnlySpan{byte}, long)"/>, for a share of <paramref name="returnedLength"/>
    /// bytes whose tag at <paramref name="version"/> was taken as it streamed in (<see cref="ShareMacHasher"/>).
    /// </summary>
    public static string? Check(PlacedShare placed, long length, long returnedLength, long version, ulong computedTag)
    {
        ArgumentNullException.ThrowIfNull(placed);
        if (returnedLength != length)
        {
            return $"returned {returnedLength} bytes; the share is {length}.";
        }

        ulong? expected = version == placed.Version ? placed.Tag : version == placed.PendingVersion ? placed.PendingTag : null;
        if (expected is not { } tag)
        {
            return $"returned version {version}; the owner's map knows version {placed.Version}.";
        }

        Span<byte> mine = stackalloc byte[8];
        Span<byte> theirs = stackalloc byte[8];
        BitConverter.TryWriteBytes(mine, tag);
        BitConverter.TryWriteBytes(theirs, computedTag);
        return CryptographicOperations.FixedTimeEquals(mine, theirs) ? null : "the share fails its MAC (corrupted, substituted or from another object).";
    }

    /// <summary>
    /// The object from verified shares (each with its evaluation point and the version it passed at): the k of the
    /// most recent version that has k; null with the reason when no version has k.
    /// </summary>
    public static Result<byte[]> Rebuild(IReadOnlyList<(SecretShare Share, long Version)> verified, int threshold)
    {
        ArgumentNullException.ThrowIfNull(verified);
        SecretShare[]? group = verified
            .GroupBy(v => v.Version)
            .OrderByDescending(g => g.Key)
            .Select(g => g.Select(v => v.Share).ToArray())
            .FirstOrDefault(g => g.Length >= threshold);
        return group is null
            ? Result<byte[]>.Fail($"{verified.Count} share(s) verified; rebuilding needs k = {threshold} of one version.")
            : ShamirSharing.Combine(group, threshold);
    }
}
