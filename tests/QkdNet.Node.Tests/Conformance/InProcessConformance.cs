using QkdNet.Node.Tests.Support;

namespace QkdNet.Node.Tests.Conformance;

// The conformance suite run against the in-process KME pair (A master side, B slave side).

[Collection(InProcessNetworkCollection.Name)]
public sealed class InProcessStatusClauseTests(InProcessNetwork network) : StatusClauseTests
{
    protected override KmeTarget Target => network.Target;
}

[Collection(InProcessNetworkCollection.Name)]
public sealed class InProcessGetKeyClauseTests(InProcessNetwork network) : GetKeyClauseTests
{
    protected override KmeTarget Target => network.Target;
}

[Collection(InProcessNetworkCollection.Name)]
public sealed class InProcessGetKeyWithKeyIdsClauseTests(InProcessNetwork network) : GetKeyWithKeyIdsClauseTests
{
    protected override KmeTarget Target => network.Target;
}

[Collection(InProcessNetworkCollection.Name)]
public sealed class InProcessErrorHandlingClauseTests(InProcessNetwork network) : ErrorHandlingClauseTests
{
    protected override KmeTarget Target => network.Target;
}
