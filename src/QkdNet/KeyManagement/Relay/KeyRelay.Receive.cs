using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace QkdNet.KeyManagement.Relay;

/// <summary>The receiving side of a hop: check, claim the pad, open, then forward or deliver.</summary>
public sealed partial class KeyRelay
{
    /// <summary>
    /// Handles one hop that <paramref name="from"/> (a peer KME, as its transport authenticated it) sent over the link
    /// it names <paramref name="linkName"/>, as it came off the wire. Every refusal is logged as a relay audit event with
    /// its reason and counted; none reveals key bytes. A message that fails before its pad is claimed consumes nothing;
    /// one that fails after (forged) burns its pad at both ends.
    /// </summary>
    public async Task<RelayHopOutcome> ReceiveAsync(KmeId from, string? linkName, byte[]? message, CancellationToken cancellationToken)
    {
        if (!_options.Neighbours.TryGetValue(from, out LinkId link) || !string.Equals(linkName, link.Value, StringComparison.Ordinal))
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, RelayHopStatus.Forbidden, $"'{from}' has no link '{linkName}' to this node.", null);
        }

        if (message is not { } wire)
        {
            return Refuse(from, RelayRejectionReason.Malformed, RelayHopStatus.Malformed, "the hop carries no message.", null);
        }

        Result<RelayMessage, RelayRejection> decoded = RelayMessageCodec.Decode(wire);
        if (!decoded.IsSuccess)
        {
            return Refuse(from, decoded.Error!.Reason, RelayHopStatus.Malformed, decoded.Error.Detail, decoded.Error.RelayId);
        }

        RelayHeader header = decoded.Value.Header;
        if (header.Sender != from || header.Receiver != _options.Self)
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, RelayHopStatus.Malformed, $"hop {header.HopIndex} runs '{header.Sender}' -> '{header.Receiver}' but came from '{from}' to '{_options.Self}'.", header.RelayId);
        }

        if (CheckManifest(header) is { } invalid)
        {
            return Refuse(from, RelayRejectionReason.Malformed, RelayHopStatus.Malformed, invalid, header.RelayId);
        }

        Result<RelayDelivery, RelayRejection> opened = _endpoint.Receive(wire, link, from);
        if (!opened.IsSuccess)
        {
            RelayRejection r = opened.Error!;
            RelayHopStatus status = r.Reason switch
            {
                RelayRejectionReason.Replayed or RelayRejectionReason.Reordered => RelayHopStatus.Conflict,
                RelayRejectionReason.PadUnavailable => RelayHopStatus.PadsOutOfSync,
                _ => RelayHopStatus.Malformed,
            };
            return Refuse(from, r.Reason, status, r.Detail, r.RelayId);
        }

        using RelayDelivery delivery = opened.Value;
        return delivery.Header.IsLastHop
            ? await DeliverAsync(from, delivery, cancellationToken).ConfigureAwait(false)
            : await ForwardAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports a batch of pads that <paramref name="from"/> reserved on the link it names <paramref name="linkName"/>:
    /// <paramref name="pads"/> (null when the wire's reservation did not parse), <paramref name="padBytes"/> bytes each.
    /// </summary>
    public async Task<RelayHopOutcome> ReceivePadsAsync(KmeId from, string? linkName, int padBytes, ReservationDescriptor? pads, CancellationToken cancellationToken)
    {
        if (!_options.Neighbours.TryGetValue(from, out LinkId link) || !string.Equals(linkName, link.Value, StringComparison.Ordinal))
        {
            return Refuse(from, RelayRejectionReason.PathMismatch, RelayHopStatus.Forbidden, $"'{from}' has no link '{linkName}' to this node.", null);
        }

        // a pad covers at least one share byte and the 16-byte tag pad, at most the largest share and the tag pad
        if (padBytes is < 17 or > RelayMessageCodec.MaxShareBytes + 16 || pads is null)
        {
            return Refuse(from, RelayRejectionReason.Malformed, RelayHopStatus.Malformed, "the pad batch is malformed.", null);
        }

        Result<int> accepted = await _pads.AcceptBatchAsync(link, from, pads, padBytes, cancellationToken).ConfigureAwait(false);
        return accepted.IsSuccess
            ? RelayHopOutcome.PadsTaken(accepted.Value)
            : Refuse(from, RelayRejectionReason.PadUnavailable, RelayHopStatus.Conflict, accepted.Error!, null);
    }

    private async Task<RelayHopOutcome> ForwardAsync(RelayDelivery delivery, CancellationToken cancellationToken)
    {
        RelayHeader next = delivery.Header.NextHop();
        if (!_options.Neighbours.TryGetValue(next.Receiver, out LinkId link))
        {
            return Refuse(delivery.Header.Sender, RelayRejectionReason.PathMismatch, RelayHopStatus.Malformed, $"this node has no link to the next hop '{next.Receiver}'.", next.RelayId);
        }

        RelayHopReply answer = await SendHopAsync(next, link, delivery.Share, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccess)
        {
            LogForwardFailed(_logger, next.RelayId, next.Receiver.Value, answer.Error!);
            return RelayHopOutcome.Fail(RelayHopStatus.Unavailable, $"'{_options.Self}' could not pass the share on: {answer.Error}");
        }

        Counters.AddForwarded();
        return answer.Answer.Stored ? RelayHopOutcome.Stored(answer.Answer.Confirmation) : RelayHopOutcome.Pending;
    }

    private async Task<RelayHopOutcome> DeliverAsync(KmeId from, RelayDelivery delivery, CancellationToken cancellationToken)
    {
        SweepAbandoned();
        Result<RelayCompletion?, RelayRejection> accepted = _reassembler.Accept(delivery);
        if (!accepted.IsSuccess)
        {
            RelayRejection r = accepted.Error!;
            return Refuse(from, r.Reason, RelayHopStatus.Conflict, r.Detail, r.RelayId);
        }

        if (accepted.Value is not { } completed)
        {
            return RelayHopOutcome.Pending;
        }

        using (completed)
        {
            RelayHopOutcome stored = await StoreAsync(completed.Manifest, completed.Key, cancellationToken).ConfigureAwait(false);
            return stored.Status == RelayHopStatus.Stored ? RelayHopOutcome.Stored(completed.Confirmation) : stored;
        }
    }

    /// <summary>
    /// Makes the key durable for the slaves: ingested as a one-key block of the inbound pool and imported under the
    /// relayed key ID, in one store request (one commit, <see cref="IKeyStore.IngestAndImportAsync"/>).
    /// </summary>
    private async Task<RelayHopOutcome> StoreAsync(RelayManifest manifest, KeyMaterial key, CancellationToken cancellationToken)
    {
        LinkId pool = RelayNames.InboundPool(_options.Self);
        BlockId block = RelayNames.InboundBlock(manifest.RelayId);
        var descriptor = new ReservationDescriptor(pool, manifest.Master, manifest.Slaves, manifest.ExpiresAt, [new KeyAllocation(manifest.KeyId, block, 0, key.Length)]);
        byte[] bytes = key.Span.ToArray();
        Result<int, KeyStoreFailure> stored;
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
            return RelayHopOutcome.Fail(stored.Error?.Code is KeyStoreError.DuplicateBlock or KeyStoreError.DuplicateKeyId ? RelayHopStatus.Conflict : RelayHopStatus.Unavailable, $"the destination could not store the key ({stored.Error}).");
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
        if (m.Slaves.Count > _options.MaxSlavesPerKey)
        {
            return $"the relay names {m.Slaves.Count} slave SAEs; at most {_options.MaxSlavesPerKey}.";
        }

        return header.IsLastHop && m.Slaves.Any(s => !_options.LocalSaes.Contains(s))
            ? "every slave SAE must be attached to the destination."
            : null;
    }

    private RelayHopOutcome Refuse(KmeId from, RelayRejectionReason reason, RelayHopStatus status, string detail, Guid? relayId)
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
