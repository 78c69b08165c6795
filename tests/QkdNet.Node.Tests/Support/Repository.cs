namespace QkdNet.Node.Tests.Support;

/// <summary>The repository these tests were built from, for tests that read its documents and scripts.</summary>
public static class Repository
{
    /// <summary>The folder holding QkdNet.slnx, above the test binaries.</summary>
    public static string Root
    {
        get
        {
            string? directory = AppContext.BaseDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "QkdNet.slnx")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException("QkdNet.slnx not found above " + AppContext.BaseDirectory);
        }
    }
}
