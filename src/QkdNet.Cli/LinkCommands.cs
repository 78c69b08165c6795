using System.CommandLine;

namespace QkdNet.Cli;

/// <summary><c>qkdnet link ...</c>: analytic rates, Monte-Carlo runs and distance sweeps of one QKD link.</summary>
internal static partial class LinkCommands
{
    public static Command Create(TextWriter stdout)
    {
        var link = new Command("link", "One QKD link: analytic key rates, Monte-Carlo simulation, distance sweeps.");
        link.Subcommands.Add(Rate(stdout));
        link.Subcommands.Add(Simulate(stdout));
        link.Subcommands.Add(Sweep(stdout));
        link.Subcommands.Add(Presets(stdout));
        link.Subcommands.Add(LinkAttackCommand.Create(stdout));
        return link;
    }
}
