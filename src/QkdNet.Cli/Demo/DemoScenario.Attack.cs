using System.Globalization;
using System.Net.Http.Json;
using QkdNet.Node.Controller.Dashboard;
using QkdNet.Development.Demo;

namespace QkdNet.Cli.Demo;

internal sealed partial class DemoScenario
{
    /// <summary>The nodes where the investor's and the broker's keys are relayed from (each end's own KME).</summary>
    private static readonly string[] TradeOrigins = [DemoDeployment.InvestorNode, DemoDeployment.BrokerNode];

    private static readonly TimeSpan SwitchPatience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    private RelayTally _lastTally;

    /// <summary>Keys relayed from the trade's origin nodes: in all, and over <see cref="AttackedLink"/>.</summary>
    private readonly record struct RelayTally(long Originated, long OverAttacked)
    {
        /// <summary>Keys that went around the attacked link.</summary>
        public long Around => Originated - OverAttacked;

        public static RelayTally operator -(RelayTally a, RelayTally b) => new(a.Originated - b.Originated, a.OverAttacked - b.OverAttacked);
    }

    /// <summary>What step 5 saw.</summary>
    private sealed record AttackOutcome(double? DetectedSeconds, long RelaysOverLinkBefore, long Rerouted, long OrdersDuringAttack, double? RecoverySeconds);

    /// <summary>
    /// Step 5: orders flow the whole time; an intercept-resend eavesdropper on every pulse of <see cref="AttackedLink"/>
    /// (through the admin route of the node that runs its source, as <c>qkdnet link attack</c> does) raises its QBER to
    /// about 25 %, its blocks abort and the controller quarantines it; the nodes take the new routes, so relays between
    /// investor and broker go Koganei - Otemachi - Hakusan - Hongo; the attack stops and the link recovers.
    /// </summary>
    private async Task<AttackOutcome> AttackAsync(Action<string> update, CancellationToken cancellationToken)
    {
        using var flowing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<int> orders = Orders.SendAsync(int.MaxValue, OrdersPerSecond, flowing.Token);
        try
        {
            long answeredBefore = Orders.Answered;
            update("orders flowing; the link carries the relayed keys");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            // the investor's and the broker's keys relayed over the link since the trading began, as the relays counted them
            long before = (await TallyAsync(cancellationToken).ConfigureAwait(false) - _tradeMark).OverAttacked;

            await WithinAsync(SetEavesdropperAsync("intercept-resend:1", cancellationToken), SwitchPatience, "switching the eavesdropper on at the link's source node", cancellationToken).ConfigureAwait(false);
            double on = Recorder.Now;
            AttackWindow = (on, null);
            update($"eavesdropper on {AttackedLink} (intercept-resend on every pulse); waiting for the controller");
            bool quarantined = await UntilAsync(() => Recorder.Link(AttackedLink)?.State == "quarantined", update, "quarantine", cancellationToken).ConfigureAwait(false);
            double? detected = quarantined ? Math.Round(Recorder.Now - on, 1) : null;

            RelayTally mark = await TallyAsync(cancellationToken).ConfigureAwait(false);
            update(quarantined ? string.Create(CultureInfo.InvariantCulture, $"{AttackedLink} quarantined after {detected:F1} s; relays reroute through Hakusan") : "not quarantined in time");
            long rerouted = 0;
            DateTime until = DateTime.UtcNow + TimeSpan.FromSeconds(12);
            while (quarantined && DateTime.UtcNow < until && rerouted < 3)
            {
                await Task.Delay(500, cancellationToken).ConfigureAwait(false);
                // keys the origin nodes relayed since the quarantine on paths that avoid the link
                rerouted = (await TallyAsync(cancellationToken).ConfigureAwait(false) - mark).Around;
                update(string.Create(CultureInfo.InvariantCulture, $"{rerouted} relays rerouted around {AttackedLink}; {Orders.Answered - answeredBefore} orders answered since the attack began"));
            }

            await WithinAsync(SetEavesdropperAsync("none", cancellationToken), SwitchPatience, "switching the eavesdropper off at the link's source node", cancellationToken).ConfigureAwait(false);
            double off = Recorder.Now;
            AttackWindow = (on, off);
            update($"eavesdropper off; waiting for {AttackedLink} to recover (a good block lifts the quarantine)");
            bool recovered = await UntilAsync(() => Recorder.Link(AttackedLink) is { State: not "quarantined" }, update, "recovery", cancellationToken).ConfigureAwait(false);
            double? recovery = recovered ? Math.Round(Recorder.Now - off, 1) : null;
            await flowing.CancelAsync().ConfigureAwait(false);
            await WithinAsync(orders, StopPatience, "the order flow stopping (an order still waiting for key or for the broker)", cancellationToken).ConfigureAwait(false);
            await Orders.DrainAsync(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(false);
            long during = Orders.Answered - answeredBefore;
            _view.Table($"attack on {AttackedLink}", ["relays over it before", "quarantined after", "relays rerouted", "orders answered meanwhile", "recovered after"],
            [[
                before.ToString(CultureInfo.InvariantCulture), detected is { } d ? string.Create(CultureInfo.InvariantCulture, $"{d:F1} s") : "NOT QUARANTINED",
                rerouted.ToString(CultureInfo.InvariantCulture), during.ToString(CultureInfo.InvariantCulture), recovery is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r:F1} s") : "NOT RECOVERED",
            ]]);
            return new AttackOutcome(detected, before, rerouted, during, recovery);
        }
        finally
        {
            // on the way out (a stall, Ctrl+C): the flow is told to stop, and given a bounded while to do so
            await flowing.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(orders, Task.Delay(StopPatience, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The keys <see cref="TradeOrigins"/> relayed so far, in all and over <see cref="AttackedLink"/>, from the relays' own
    /// counters as the nodes report them to the controller (every second); the last tally when the controller does not answer.
    /// </summary>
    private async Task<RelayTally> TallyAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, DashboardRelays>? relays = await Recorder.ReadRelaysAsync(cancellationToken).ConfigureAwait(false);
        if (relays is not null)
        {
            DashboardRelays[] origins = [.. TradeOrigins.Select(n => relays.GetValueOrDefault(n)).OfType<DashboardRelays>()];
            _lastTally = new RelayTally(origins.Sum(r => r.Originated), origins.Sum(r => r.OriginatedOver.GetValueOrDefault(AttackedLink)));
        }

        return _lastTally;
    }

    /// <summary>Switches the eavesdropper of <see cref="AttackedLink"/> at the node that runs its source (the end with the lower KME ID).</summary>
    private async Task SetEavesdropperAsync(string eve, CancellationToken cancellationToken)
    {
        Control.Topology.TopologyLink link = Network.Deployment.Topology.Links.First(l => l.Id.Value == AttackedLink);
        string source = string.CompareOrdinal(link.A.Value, link.B.Value) < 0 ? link.A.Value : link.B.Value;
        using HttpClient admin = Network.NodeAdmin(source);
        using HttpResponseMessage answer = await admin.PostAsJsonAsync($"admin/v1/links/{AttackedLink}/eavesdropper", new { eve }, cancellationToken).ConfigureAwait(false);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{source} refused the eavesdropper switch ({(int)answer.StatusCode}): {await answer.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        }
    }

    /// <summary>Reads the controller until <paramref name="condition"/> holds (true) or <see cref="Patience"/> passes (false).</summary>
    private async Task<bool> UntilAsync(Func<bool> condition, Action<string> update, string what, CancellationToken cancellationToken)
    {
        DateTime until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            await Recorder.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (condition())
            {
                return true;
            }

            if (Recorder.Link(AttackedLink) is { } l)
            {
                update(string.Create(CultureInfo.InvariantCulture, $"waiting for {what}: {AttackedLink} {l.State}, QBER {(l.Qber is { } q ? $"{q * 100:F1} %" : "-")}, {l.AbortedBlocks} blocks aborted; {Orders.Answered} orders answered"));
            }

            await Task.Delay(250, cancellationToken).ConfigureAwait(false);
        }

        return false;
    }
}
