using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Field;
using QkdNet.Services.Statistics.Protocol;
using QkdNet.Services.Statistics.Query;
using QkdNet.Services.Statistics.Transport;

namespace QkdNet.Services.Statistics.Engine;

/// <summary>
/// Answers a statistics query on a shared table: every party runs <see cref="RunAsync"/> with its own shares and the
/// same query, and all get the same answer. Only aggregates are opened, after each group's size has been compared with
/// the minimum inside the computation; filters, groups and histogram buckets stay secret 0/1 columns. The steps, their
/// rounds and what each reveals are in docs/statistics.md.
/// </summary>
public static partial class StatisticsEngine
{
    /// <summary>Runs <paramref name="queryText"/> at one party. Bad queries and failed parties are errors, never exceptions.</summary>
    public static async Task<Result<StatisticsAnswer>> RunAsync(
        PartyContext context, SharedTable table, string queryText, StatisticsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new StatisticsOptions();
        if (options.MinimumGroupSize < 2)
        {
            return Result<StatisticsAnswer>.Fail($"the minimum group size must be at least 2 (got {options.MinimumGroupSize}); 1 would answer about single records.");
        }

        if (options.Epsilon is { } epsilon && !(epsilon > 0 && double.IsFinite(epsilon)))
        {
            return Result<StatisticsAnswer>.Fail($"epsilon must be a positive number (got {epsilon}).");
        }

        Result<StatQuery> query = QueryParser.Parse(queryText);
        if (!query.IsSuccess)
        {
            return Result<StatisticsAnswer>.Fail(query.Error!);
        }

        Result<QueryPlan> plan = QueryPlanner.Plan(query.Value, table.Schema, table.Rows);
        if (!plan.IsSuccess)
        {
            return Result<StatisticsAnswer>.Fail(plan.Error!);
        }

        try
        {
            return await new Execution(context, table, plan.Value, options, cancellationToken).RunAsync().ConfigureAwait(false);
        }
        catch (PartyUnavailableException e)
        {
            return Result<StatisticsAnswer>.Fail($"{e.Message}; the query was not answered (run it again with the parties that are up, at least 2t + 1 = {(2 * context.Threshold) + 1}).");
        }
        catch (ShareInconsistencyException e)
        {
            return Result<StatisticsAnswer>.Fail(e.Message);
        }
    }
}
