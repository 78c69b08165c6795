namespace QkdNet.Tests.Services.Trading.Session;

/// <summary>The trade session contract with asynchronous I/O (the default).</summary>
public sealed class TradeSessionTests : TradeSessionContractTests
{
    protected override bool ReceiveThread => false;
}
