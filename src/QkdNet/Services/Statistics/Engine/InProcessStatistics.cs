using QkdNet.Services.Statistics.Data;

namespace QkdNet.Services.Statistics.Engine;

/// <summary>The outcome of a query run at every party in one process, with what crossed between the parties.</summary>
public sealed record InProcessOutcome(Result<StatisticsAnswer> Answer, long BytesBetweenParties, long Messages, int Rounds);

/// <summary>Runs a query at all parties of an <see cref="InProcessParties"/> set-up, each on its own shares.</summary>
public static class InProcessStatistics
{
    /// <summary>
    /// Element i of <paramref name="tables"/> is party i's shares. The answer is the parties' common answer; if any
    /// party failed, the first failure (in party order); if the parties disagree (a bug), an error saying so.
    /// </summary>
    public static async Task<InProcessOutcome> RunAsync(
        InProcessParties parties, IReadOnlyList<SharedTable> tables, string query, StatisticsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var answers = await parties.RunAsync(
            async c =>
            {
                var answer = await StatisticsEngine.RunAsync(c, tables[c.Self], query, options, cancellationToken).ConfigureAwait(false);
                if (!answer.IsSuccess)
                {
                    // A party that gives up must not leave the others waiting for it until the round timeout.
                    parties.Network!.TakeDown(c.Self);
                }

                return answer;
            },
            cancellationToken).ConfigureAwait(false);
        var up = Enumerable.Range(0, parties.Parties).Where(p => !parties.Down.Contains(p)).Select(p => answers[p]).ToList();
        var failures = up.Where(a => !a.IsSuccess).ToList();
        Result<StatisticsAnswer> answer = failures.Count > 0
            ? failures[0]
            : up.All(a => Same(a.Value, up[0].Value)) ? up[0] : Result<StatisticsAnswer>.Fail("the parties' answers differ.");
        int rounds = answer.IsSuccess ? answer.Value.Rounds : 0;
        return new InProcessOutcome(answer, parties.Network!.BytesBetweenParties, parties.Network.Messages, rounds);
    }

    private static bool Same(StatisticsAnswer a, StatisticsAnswer b) =>
        a.Groups.Count == b.Groups.Count
        && a.Groups.Zip(b.Groups).All(p => p.First.Group == p.Second.Group && p.First.Count == p.Second.Count && p.First.Values.SequenceEqual(p.Second.Values))
        && a.Suppressed.SequenceEqual(b.Suppressed);
}
