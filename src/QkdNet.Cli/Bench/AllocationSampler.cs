using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace QkdNet.Cli.Bench;

/// <summary>
/// Samples this process's allocations by type from the runtime's own GC AllocationTick events (one event about every
/// 100 KB allocated, naming the type that crossed the mark), so a benchmark can say what it allocates without a
/// profiler attached. The totals are estimates: each event stands for the ~100 KB since the previous one.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);

    /// <summary>The sampled bytes by type, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes)> Top(int count) =>
        [.. _bytes.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value))];

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName != "GCAllocationTick_V4" || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        int typeAt = eventData.PayloadNames.IndexOf("TypeName");
        int amountAt = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeAt >= 0 && amountAt >= 0 && eventData.Payload[typeAt] is string type && eventData.Payload[amountAt] is ulong amount)
        {
            _bytes.AddOrUpdate(type, (long)amount, (_, total) => total + (long)amount);
        }
    }
}
