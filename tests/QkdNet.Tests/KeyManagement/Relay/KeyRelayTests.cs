using QkdNet.KeyManagement;
using QkdNet.KeyManagement.Relay;
using QkdNet.Tests.KeyManagement.Relay.Support;

namespace QkdNet.Tests.KeyManagement.Relay;

/// <summary>
/// The relay orchestrator across trusted nodes in one process: real stores and pads, the control layer's routes, a
/// transport that can drop, hold (delay, reorder) and tamper with hops. No process, no HTTP.
/// </summary>
public sealed class KeyRelayTests
{
    private static readonly KmeId A = KmeId.Create("A");
    private static readonly KmeId D = KmeId.Create("D");

    [Fact]
    public async Task RelayKeys_ThreeHops_DestinationServesTheSameKeysToTheSlave()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("B", "C"), ("C", "D"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net, count: 2);

        Assert.True(relayed.IsSuccess, relayed.Error);
        RelayedKeys keys = Assert.IsType<RelayedKeys>(relayed.Value);
        Assert.All(keys.Routes, r => Assert.Equal(["A", "B", "C", "D"], r.Paths.Single().Nodes.Select(n => n.Value)));
        await AssertSlaveGetsAsync(net, keys);
        Assert.Equal(2, net["A"].Counters.Originated);
        Assert.Equal(2, net["B"].Counters.Forwarded);
        Assert.Equal(2, net["C"].Counters.Forwarded);
        Assert.Equal(2, net["D"].Counters.Delivered);
        Assert.Equal(keys.LinkKeyBits, net["A"].Counters.PadBitsSent + net["B"].Counters.PadBitsSent + net["C"].Counters.PadBitsSent);
    }

    [Fact]
    public async Task RelayKeys_TwoDisjointPaths_SharesRecombineAtTheDestination()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(2, ("A", "B"), ("B", "D"), ("A", "C"), ("C", "D"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);

        Assert.True(relayed.IsSuccess, relayed.Error);
        RelayedKeys keys = Assert.IsType<RelayedKeys>(relayed.Value);
        Assert.Equal(2, keys.Routes.Single().Paths.Count);
        await AssertSlaveGetsAsync(net, keys);
        Assert.Equal(1, net["D"].Counters.Delivered);
    }

    [Fact]
    public async Task RelayKeys_TwoDisjointPaths_CountEachKeyOnceOverEveryLinkItsSharesCrossed()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(2, ("A", "B"), ("B", "D"), ("A", "C"), ("C", "D"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net, count: 3);

        Assert.True(relayed.IsSuccess, relayed.Error);
        RelayedKeys keys = Assert.IsType<RelayedKeys>(relayed.Value);
        LinkId[] crossed = [.. keys.Routes.SelectMany(r => r.Paths.SelectMany(p => p.Links)).Distinct()];
        Assert.Equal(4, crossed.Length);
        IReadOnlyDictionary<LinkId, long> over = net["A"].Counters.OriginatedOver();
        Assert.Equal(crossed.Select(l => l.Value).Order(StringComparer.Ordinal), over.Keys.Select(l => l.Value).Order(StringComparer.Ordinal));
        Assert.All(over.Values, n => Assert.Equal(3, n));
        Assert.Empty(net["B"].Counters.OriginatedOver());
    }

    [Fact]
    public async Task RelayKeys_SharesArriveInReverseOrder_DestinationStillStoresTheKey()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(2, ("A", "B"), ("B", "D"), ("A", "C"), ("C", "D"));
        var viaCArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        net.Transport("B").HoldTo[D] = viaCArrived.Task;
        RelayHopStatus? firstAtD = null;
        net.Transport("C").Delivered = (peer, outcome) =>
        {
            firstAtD ??= outcome.Status;
            viaCArrived.TrySetResult();
        };

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);

        Assert.True(relayed.IsSuccess, relayed.Error);
        Assert.Equal(RelayHopStatus.Pending, firstAtD);
        await AssertSlaveGetsAsync(net, relayed.Value);
    }

    [Fact]
    public async Task RelayKeys_HopDropped_NoKeyHandedOutAndTheFailureIsCounted()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("B", "C"), ("C", "D"));
        net.Transport("B").DropTo.Add(KmeId.Create("C"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);

        Assert.False(relayed.IsSuccess);
        Assert.Contains("dropped", relayed.Error, StringComparison.Ordinal);
        Assert.Equal(1, net["A"].Counters.OriginFailures);
        Assert.Equal(0, net["A"].Counters.Originated);
        Assert.Equal(0, net["D"].Counters.Delivered);
    }

    [Fact]
    public async Task RelayKeys_HopTamperedInTransit_RefusedAsForgedAndNoKeyStored()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("B", "C"), ("C", "D"));
        net.Transport("B").TamperTo.Add(KmeId.Create("C"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);

        Assert.False(relayed.IsSuccess);
        Assert.Equal(1, net["C"].Counters.Rejected.GetValueOrDefault(RelayRejectionReason.Forged));
        Assert.Equal(0, net["D"].Counters.Delivered);
    }

    [Fact]
    public async Task ReceiveAsync_HopReplayed_RefusedAsConflictAndNothingStoredTwice()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "D"));
        Assert.True((await RelayAsync(net)).IsSuccess);
        (KmeId _, LinkId link, byte[] message) = net.Transport("A").Sent.Single();

        RelayHopOutcome replayed = await net["D"].ReceiveAsync(A, link.Value, message, CancellationToken.None);

        Assert.Equal(RelayHopStatus.Conflict, replayed.Status);
        Assert.Equal(1, net["D"].Counters.Rejected.GetValueOrDefault(RelayRejectionReason.Replayed));
        Assert.Equal(1, net["D"].Counters.Delivered);
    }

    [Fact]
    public async Task ReceiveAsync_FromANodeWithoutALinkHere_Forbidden()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("B", "D"));

        RelayHopOutcome outcome = await net["D"].ReceiveAsync(A, "AD", [1, 2, 3], CancellationToken.None);

        Assert.Equal(RelayHopStatus.Forbidden, outcome.Status);
        Assert.Equal(1, net["D"].Counters.Rejected.GetValueOrDefault(RelayRejectionReason.PathMismatch));
    }

    [Fact]
    public async Task ReceiveAsync_GarbageFromANeighbour_MalformedAndNoPadSpent()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "D"));

        RelayHopOutcome outcome = await net["D"].ReceiveAsync(A, "AD", [1, 2, 3], CancellationToken.None);

        Assert.Equal(RelayHopStatus.Malformed, outcome.Status);
        Assert.True((await RelayAsync(net)).IsSuccess);
    }

    [Fact]
    public async Task SweepAbandoned_OneShareNeverArrives_ShareDroppedAfterTheTimeoutAndNoKeyStored()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(2, ("A", "B"), ("B", "D"), ("A", "C"), ("C", "D"));
        net.Transport("C").DropTo.Add(D);

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);
        Assert.False(relayed.IsSuccess);
        Assert.Equal(0, net["D"].SweepAbandoned());
        net.Time.Advance(RelayTestNetwork.Timeout + TimeSpan.FromSeconds(1));

        Assert.Equal(1, net["D"].SweepAbandoned());
        Assert.Equal(1, net["D"].Counters.Rejected.GetValueOrDefault(RelayRejectionReason.Expired));
        Assert.Equal(0, net["D"].Counters.Delivered);
    }

    [Fact]
    public async Task RelayKeys_PeerLostItsPads_OriginFlushesItsStockAndTheNextRelayProvisionsAfresh()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "D"));
        Assert.True((await RelayAsync(net)).IsSuccess);
        net.Restart("D");

        Result<IReadOnlyList<DeliveredKey>> afterRestart = await RelayAsync(net);
        Result<IReadOnlyList<DeliveredKey>> next = await RelayAsync(net);

        Assert.False(afterRestart.IsSuccess);
        Assert.True(next.IsSuccess, next.Error);
        await AssertSlaveGetsAsync(net, next.Value);
    }

    [Fact]
    public async Task ProvisionNeighboursAsync_EveryNeighbourGetsPadsBeforeTheFirstRelay()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("A", "C"));

        Assert.True(await net["A"].ProvisionNeighboursAsync());

        Assert.Equal(["B", "C"], net["A"].StockedPads().Where(p => p.Pads > 0).Select(p => p.Peer.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RelayKeys_NoRouteToTheDestination_FailsNamingIt()
    {
        await using RelayTestNetwork net = await RelayTestNetwork.StartAsync(1, ("A", "B"), ("C", "D"));

        Result<IReadOnlyList<DeliveredKey>> relayed = await RelayAsync(net);

        Assert.False(relayed.IsSuccess);
        Assert.Contains("no route to 'D'", relayed.Error, StringComparison.Ordinal);
    }

    private static Task<Result<IReadOnlyList<DeliveredKey>>> RelayAsync(RelayTestNetwork net, int count = 1) =>
        net["A"].RelayKeysAsync(RelayTestNetwork.Master(A), [RelayTestNetwork.Slave(D)], D, count, 256, CancellationToken.None);

    private static async Task AssertSlaveGetsAsync(RelayTestNetwork net, IReadOnlyList<DeliveredKey> keys)
    {
        foreach (DeliveredKey key in keys)
        {
            Result<IReadOnlyList<DeliveredKey>, KeyStoreFailure> fetched = await net.FetchAsync("D", RelayTestNetwork.Slave(D), RelayTestNetwork.Master(A), key.Id);
            Assert.True(fetched.IsSuccess, fetched.Error?.Detail);
            DeliveredKey atSlave = Assert.Single(fetched.Value);
            Assert.Equal(key.Id, atSlave.Id);
            Assert.True(key.Material.Span.SequenceEqual(atSlave.Material.Span));
        }
    }
}
