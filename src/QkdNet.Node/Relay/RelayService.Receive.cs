using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Configuration;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Relay;

/// <summary>The receiving side of a hop: check, claim the pad, open, then forward or deliver.</summary>
public sealed partial class RelayService
{
    /// <summary>
    /// Handles one hop that <paramref name="from"/> (a peer KME, by its client certificate) sent. Every refusal is
    /// logged as a relay audit event with its reason and counted; none reveals key bytes. A message that fails before
    /// its pad is claimed consumes nothing; one that fails after (forged) burns its pad at both ends.
    /// </summary>
    public async Task<RelayHopOutcome> ReceiveAsync(KmeId from, KxRelayRequest body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_node.LinkTo(from) is not { } link || !string.Equals(body.Link, link.Id.Value, StringComparison.Ordinal))
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, 403, $"'{from}' has no link '{body.Link}' to this node.", null);
        }

        if (body.Message is not { } wire)
        {
            return Refuse(from, RelayRejectionReason.Malformed, 400, "the hop carries no message.", null);
        }

        RelayResult<RelayMessage> decoded = RelayMessageCodec.Decode(wire);
        if (!decoded.IsSuccess)
        {
            return Refuse(from, decoded.Rejection!.Reason, 400, decoded.Rejection.Detail, decoded.Rejection.RelayId);
        }

        RelayMessage message = decoded.Value;
        RelayHeader header = message.Header;
        if (header.Sender != from || header.Receiver != _node.Self)
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, 400, $"hop {header.HopIndex} runs '{header.Sender}' -> '{header.Receiver}' but came from '{from}' to '{_node.Self}'.", header.RelayId);
        }

        if (CheckManifest(header) is { } invalid)
        {
            return Refuse(from, RelayRejectionReason.Malformed, 400, invalid, header.RelayId);
        }

        RelayResult<RelayDelivery> opened = _endpoint.Receive(wire, link.Id, from);
        if (!opened.IsSuccess)
        {
            RelayRejection r = opened.Rejection!;
            int status = r.Reason switch
            {
                RelayRejectionReason.Replayed or RelayRejectionReason.Reordered => 409,
                RelayRejectionReason.PadUnavailable => RelayHopOutcome.PadsOutOfSync,
                _ => 400,
            };
            return Refuse(from, r.Reason, status, r.Detail, r.RelayId);
        }

        using RelayDelivery delivery = opened.Value;
        return delivery.Header.IsLastHop
            ? await DeliverAsync(from, delivery, cancellationToken).ConfigureAwait(false)
            : await ForwardAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Imports a batch of pads that <paramref name="from"/> reserved on the link to this node.</summary>
    public async Task<RelayHopOutcome> ReceivePadsAsync(KmeId from, KxRelayPads body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (_node.LinkTo(from) is not { } link || !string.Equals(body.Link, link.Id.Value, StringComparison.Ordinal))
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, 403, $"'{from}' has no link '{body.Link}' to this node.", null);
        }

        if (body.PadBytes is < 17 or > RelayMessageCodec.MaxShareBytes + 16 || !KxReservationMapping.TryParse(body.Pad, out ReservationDescriptor pad))
        {
            return Refuse(from, RelayRejectionReason.Malformed, 400, "the pad batch is malformed.", null);
        }

        Result<int> accepted = await _pads.AcceptBatchAsync(link.Id, from, pad, body.PadBytes, cancellationToken).ConfigureAwait(false);
        return accepted.IsSuccess
            ? new RelayHopOutcome(200, null, accepted.Value)
            : Refuse(from, RelayRejectionReason.PadUnavailable, 409, accepted.Error!, null);
    }

    private async Task<RelayHopOutcome> ForwardAsync(RelayDelivery delivery, CancellationToken cancellationToken)
    {
        RelayHeader next = delivery.Header.NextHop();
        if (_node.LinkTo(next.Receiver) is not { } link)
        {
            return Refuse(delivery.Header.Sender, RelayRejectionReason.PathMismatch, 400, $"this node has no link to the next hop '{next.Receiver}'.", next.RelayId);
        }

        Result<KxRelayAnswer> answer = await SendHopAsync(next, link.Id, delivery.Share, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            LogForwardFailed(_logger, next.RelayId, next.Receiver.Value, answer.Error!);
            return RelayHopOutcome.Fail(503, $"'{_node.Self}' could not pass the share on: {answer.Error}");
        }

        Counters.AddForwarded();
        return answer.Value.Stored ? RelayHopOutcome.Stored(answer.Value.Confirmation) : RelayHopOutcome.Pending;
    }

    private async Task<RelayHopOutcome> DeliverAsync(KmeId from, RelayDelivery delivery, CancellationToken cancellationToken)
    {
        SweepAbandoned();
        RelayResult<RelayCompletion?> accepted = _reassembler.Accept(delivery);
        if (!accepted.IsSuccess)
        {
            RelayRejection r = accepted.Rejection!;
            return Refuse(from, r.Reason, 409, r.Detail, r.RelayId);
        }

        if (accepted.Value is not { } completed)
        {
            return RelayHopOutcome.Pending;
        }

        using (completed)
        {
            RelayHopOutcome stored = await StoreAsync(completed.Manifest, completed.Key, cancellationToken).ConfigureAwait(false);
            return stored.StatusCode == 200 ? RelayHopOutcome.Stored(completed.Confirmation) : stored;
        }
    }

    /// <summary>
    /// Makes the key durable for the slaves: ingested as a one-key block of the inbound pool and imported under the
    /// relayed key ID, in one store request (one commit, <see cref="IKeyStore.IngestAndImportAsync"/>).
    /// </summary>
    private async Task<RelayHopOutcome> StoreAsync(RelayManifest manifest, KeyMaterial key, CancellationToken cancellationToken)
    {
        LinkId pool = RelayNames.InboundPool(_node.Self);
        BlockId block = RelayNames.InboundBlock(manifest.RelayId);
        var descriptor = new ReservationDescriptor(pool, manifest.Master, manifest.Slaves, manifest.ExpiresAt, [new KeyAllocation(manifest.KeyId, block, 0, key.Length)]);
        byte[] bytes = key.Span.ToArray();
        KeyStoreResult<int> stored;
        try
        {
            stored = await _store.IngestAndImportAsync(pool, block, bytes, descriptor, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }

        if (!stored.IsSuccess)
        {
            return RelayHopOutcome.Fail(stored.Error is KeyStoreError.DuplicateBlock or KeyStoreError.DuplicateKeyId ? 409 : 503, $"the destination could not store the key ({stored.Error}).");
        }

        Counters.AddDelivered();
        LogDelivered(_logger, manifest.RelayId, manifest.KeyId.ToString(), manifest.Origin.Value, string.Join(",", manifest.Slaves));
        return RelayHopOutcome.Stored(null);
    }

    /// <summary>
    /// Abandons every multipath relay whose shares did not all arrive within the timeout: its shares are zeroed and
    /// nothing is stored, so a relay with a failed path leaves no key behind. Audited; returns how many.
    /// </summary>
    public int SweepAbandoned()
    {
        IReadOnlyList<Guid> abandoned = _reassembler.AbandonExpired();
        foreach (Guid relayId in abandoned)
        {
            Counters.AddRejected(RelayRejectionReason.Expired);
            LogAudit(_logger, RelayRejectionReason.Expired.ToString(), relayId, "?", "shares missing past the timeout; the shares held were zeroed, no key stored.");
        }

        return abandoned.Count;
    }

    /// <summary>What this node refuses in a hop's manifest: at the destination, slaves it does not serve, or more than a key may name.</summary>
    private string? CheckManifest(RelayHeader header)
    {
        RelayManifest m = header.Manifest;
        if (m.Slaves.Count > _limits.MaxSaeIdCount + 1)
        {
            return $"the relay names {m.Slaves.Count} slave SAEs; at most {_limits.MaxSaeIdCount + 1}.";
        }

        return header.IsLastHop && m.Slaves.Any(s => !_node.IsLocal(s))
            ? "every slave SAE must be attached to the destination."
            : null;
    }

    private RelayHopOutcome Refuse(KmeId from, RelayRejectionReason reason, int status, string detail, Guid? relayId)
    {
        Counters.AddRejected(reason);
        LogAudit(_logger, reason.ToString(), relayId ?? Guid.Empty, from.Value, detail);
        return RelayHopOutcome.Fail(status, $"{reason}: {detail}");
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "AUDIT relay refused: {Reason} (relay {RelayId}, from {From}): {Detail}")]
    private static partial void LogAudit(ILogger logger, string reason, Guid relayId, string from, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forward relay {RelayId} to {Next}: {Reason}")]
    private static partial void LogForwardFailed(ILogger logger, Guid relayId, string next, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stored relayed key {KeyId} (relay {RelayId}) from {Origin} for {Slaves}.")]
    private static partial void LogDelivered(ILogger logger, Guid relayId, string keyId, string origin, string slaves);
}
