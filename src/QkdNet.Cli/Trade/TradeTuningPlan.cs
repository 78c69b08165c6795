namespace QkdNet.Cli.Trade;

/// <summary>The settings <see cref="TradeRuntimeTuning.Apply"/> makes: inline socket completions, and a thread-pool spin limit of 0.</summary>
internal readonly record struct TradeTuningPlan(bool SetInlineCompletions, bool SetSpinLimit);
