using QkdNet.Cli;
using QkdNet.Cli.Trade;

// before anything touches a socket or the thread pool: the settings are read once, at their first use
TradeRuntimeTuning.Apply(args);
return await CliApp.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
