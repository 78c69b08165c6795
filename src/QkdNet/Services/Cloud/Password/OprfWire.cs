using System.Text.Json.Serialization;

namespace QkdNet.Services.Cloud.Password;

/// <summary>
/// The JSON bodies of the share server's TOPPSS routes (docs/cloud-password.md), shared by the server's endpoints and
/// the client's <see cref="IOprfServer"/> over HTTPS so the two cannot drift. Binary fields are base64; a guess is its
/// 32 hex digits. A record, a key share and a delta are secrets: they travel only inside the mutual-TLS connection.
/// </summary>
public static class OprfWire
{
    /// <summary>The ProblemDetails extension naming the <see cref="OprfStatus"/> of a refusal.</summary>
    public const string StatusExtension = "oprf_status";

    /// <summary>The HTTP status for an <see cref="OprfStatus"/> (the table of docs/cloud-password.md).</summary>
    public static int HttpStatus(OprfStatus status) => status switch
    {
        OprfStatus.Ok => 200,
        OprfStatus.AlreadyEnrolled or OprfStatus.StaleEpoch => 409,
        OprfStatus.UnknownUser => 404,
        OprfStatus.RateLimited => 429,
        OprfStatus.NotAuthorized => 403,
        OprfStatus.Malformed => 400,
        _ => 503,
    };

    /// <summary>PUT /v1/oprf/{user}: the record (<see cref="OprfServerRecord.Serialize"/>) and, to replace one, the authorisation.</summary>
    public sealed record Enroll(
        [property: JsonPropertyName("record")] byte[] Record,
        [property: JsonPropertyName("replace_authorization")] byte[]? ReplaceAuthorization)
    {
        /// <summary>Never the record's bytes.</summary>
        public override string ToString() => $"OprfWire.Enroll({Record?.Length ?? 0} bytes)";
    }

    /// <summary>POST /v1/oprf/{user}/evaluate: the blinded element, SEC1 compressed.</summary>
    public sealed record Evaluate([property: JsonPropertyName("blinded_element")] byte[] BlindedElement);

    /// <summary>The answer to an evaluation.</summary>
    public sealed record Evaluated(
        [property: JsonPropertyName("share_index")] int ShareIndex,
        [property: JsonPropertyName("evaluated_element")] byte[] EvaluatedElement,
        [property: JsonPropertyName("tag")] byte[] Tag,
        [property: JsonPropertyName("envelope")] byte[] Envelope,
        [property: JsonPropertyName("epoch")] long Epoch,
        [property: JsonPropertyName("guess")] string Guess);

    /// <summary>POST /v1/oprf/{user}/confirm.</summary>
    public sealed record Confirm([property: JsonPropertyName("guess")] string Guess, [property: JsonPropertyName("proof")] byte[] Proof);

    /// <summary>POST /v1/oprf/{user}/refresh.</summary>
    public sealed record Refresh([property: JsonPropertyName("epoch")] long Epoch, [property: JsonPropertyName("delta")] byte[] Delta, [property: JsonPropertyName("proof")] byte[] Proof)
    {
        /// <summary>Never the delta.</summary>
        public override string ToString() => $"OprfWire.Refresh(epoch {Epoch})";
    }

    /// <summary>POST /v1/oprf/{user}/remove.</summary>
    public sealed record Remove([property: JsonPropertyName("epoch")] long Epoch, [property: JsonPropertyName("proof")] byte[] Proof);
}
