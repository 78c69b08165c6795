namespace QkdNet.Tests.Services.Trading.Session;

/// <summary>The trade session contract with each connection on a thread of its own, blocking reads and writes.</summary>
public sealed class TradeSessionOnReceiveThreadsTests : TradeSessionContractTests
{
    protected override bool ReceiveThread => true;
}
