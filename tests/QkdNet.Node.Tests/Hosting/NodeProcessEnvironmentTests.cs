using QkdNet.Node.Hosting;

namespace QkdNet.Node.Tests.Hosting;

[Trait("Category", "Process")]
public sealed class NodeProcessEnvironmentTests
{
    [Fact]
    public async Task StartCommand_WithEnvironment_SetsAndRemovesVariablesForTheChildOnly()
    {
        if (!File.Exists("/usr/bin/env"))
        {
            return; // no env(1) to print the child's environment with
        }

        string removed = "QKDNET_TEST_REMOVED_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(removed, "inherited");
        try
        {
            // /usr/bin/env in place of the CLI prints the environment it was given
            using NodeProcess child = NodeProcess.StartCommand("/usr/bin/env", new Dictionary<string, string?> { ["QKDNET_TEST_SET"] = "given", [removed] = null });
            string output = await OutputAfterExitAsync(child);

            Assert.Contains("QKDNET_TEST_SET=given", output, StringComparison.Ordinal);
            Assert.DoesNotContain(removed, output, StringComparison.Ordinal);
            Assert.Equal("inherited", Environment.GetEnvironmentVariable(removed));
        }
        finally
        {
            Environment.SetEnvironmentVariable(removed, null);
        }
    }

    private static async Task<string> OutputAfterExitAsync(NodeProcess child)
    {
        // the output arrives on reader threads: wait (bounded) until the process is gone and its last line is in
        for (int i = 0; i < 200 && !(child.HasExited && child.Output.Contains("QKDNET_TEST_SET", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        return child.Output;
    }
}
