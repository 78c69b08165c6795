namespace QkdNet.Node.Tests.Docs;

/// <summary>
/// The fenced <c>sh</c> blocks of a Markdown document, in order. A block that must not run in the docs test (it needs
/// root, a container engine, or runs for minutes) has <c>&lt;!-- docs-test: skip: REASON --&gt;</c> on the line right
/// above its fence: invisible where the Markdown is rendered, and a reason is required.
/// </summary>
public static class MarkdownShell
{
    private const string SkipMarker = "<!-- docs-test: skip:";

    public static IReadOnlyList<ShellBlock> Blocks(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        string[] lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var blocks = new List<ShellBlock>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```sh")
            {
                continue;
            }

            string? reason = i > 0 && lines[i - 1].StartsWith(SkipMarker, StringComparison.Ordinal)
                ? lines[i - 1][SkipMarker.Length..].Replace("-->", string.Empty, StringComparison.Ordinal).Trim()
                : null;
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
            if (end < 0)
            {
                throw new FormatException($"the sh block at line {i + 1} is never closed");
            }

            blocks.Add(new ShellBlock(string.Join('\n', lines[(i + 1)..end]), reason));
            i = end;
        }

        return blocks;
    }
}
