namespace QkdNet.Node.Tests.Docs;

/// <summary>One fenced <c>sh</c> block of a Markdown document: its commands, and why it is not run (null: it is run).</summary>
/// <param name="Commands">The block's text, without the fences.</param>
/// <param name="SkipReason">The reason given by a <c>&lt;!-- docs-test: skip: REASON --&gt;</c> line right above the fence.</param>
public sealed record ShellBlock(string Commands, string? SkipReason);
