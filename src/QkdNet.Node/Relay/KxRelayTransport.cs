using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Node.Kx;

namespace QkdNet.Node.Relay;

/// <summary>The key relay's transport over Kx: hops and pad batches posted to the neighbour's relay routes (<see cref="RelayClient"/>). Thread-safe.</summary>
public sealed class KxRelayTransport(RelayClient client) : IRelayHopTransport
{
    /// <inheritdoc />
    public async Task<RelayHopReply> SendAsync(KmeId peer, LinkId link, byte[] message, int hopsAhead, CancellationToken cancellationToken)
    {
        var request = new KxRelayRequest
        {
            Link = link.Value,
            Message = message,
        };
        Result<KxRelayAnswer> answer = await client.SendAsync(peer, request, hopsAhead, cancellationToken).ConfigureAwait(false);
        if (answer.IsSuccess)
        {
            return RelayHopReply.Answered(new RelayPathAnswer(answer.Value.Stored, answer.Value.Confirmation));
        }

        return RelayClient.IsPadsOutOfSync(peer, answer.Error!) ? RelayHopReply.OutOfSync(answer.Error!) : RelayHopReply.Failed(answer.Error!);
    }

    /// <inheritdoc />
    public async Task<Result<int>> ProvisionPadsAsync(KmeId peer, LinkId link, int padBytes, ReservationDescriptor pads, CancellationToken cancellationToken)
    {
        Result<KxRelayPadsAnswer> answer = await client.ProvisionAsync(peer, new KxRelayPads(link.Value, padBytes, KxReservationMapping.ToWire(pads)), cancellationToken).ConfigureAwait(false);
        return answer.IsSuccess ? answer.Value.Pads : Result<int>.Fail(answer.Error!);
    }
}
