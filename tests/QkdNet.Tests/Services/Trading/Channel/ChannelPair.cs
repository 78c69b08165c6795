using System.Security.Cryptography;
using QkdNet.KeyManagement;
using QkdNet.PostProcessing.Authentication;
using QkdNet.Services.Trading.Channel;

namespace QkdNet.Tests.Services.Trading.Channel;

/// <summary>
/// Both ends of a channel in memory: the investor (Alice) and the broker (Bob), each direction with
/// its own keys, added to the sender's source and the receiver's lookup alike.
/// </summary>
internal sealed class ChannelPair : IDisposable
{
    public ChannelPair(ChannelOptions? investorOptions = null, int keys = 2, int keyBytes = 4096)
    {
        InvestorSealer = new MessageSealer(InvestorPad, AuthenticationRole.Alice, investorOptions ?? new ChannelOptions());
        BrokerSealer = new MessageSealer(BrokerPad, AuthenticationRole.Bob, new ChannelOptions());
        BrokerOpener = new MessageOpener(BrokerLookup, AuthenticationRole.Alice);
        InvestorOpener = new MessageOpener(InvestorLookup, AuthenticationRole.Bob);
        for (int i = 0; i < keys; i++)
        {
            AddInvestorKey(keyBytes);
            AddBrokerKey(keyBytes);
        }
    }

    /// <summary>Pad for investor-to-broker messages, sender side.</summary>
    public InMemoryPadSource InvestorPad { get; } = new();

    /// <summary>Pad for investor-to-broker messages, receiver side.</summary>
    public InMemoryPadLookup BrokerLookup { get; } = new();

    /// <summary>Pad for broker-to-investor messages, sender side.</summary>
    public InMemoryPadSource BrokerPad { get; } = new();

    /// <summary>Pad for broker-to-investor messages, receiver side.</summary>
    public InMemoryPadLookup InvestorLookup { get; } = new();

    public MessageSealer InvestorSealer { get; }

    public MessageSealer BrokerSealer { get; }

    public MessageOpener BrokerOpener { get; }

    public MessageOpener InvestorOpener { get; }

    public static byte[] Seal(MessageSealer sealer, ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[ChannelFrame.MaxLength(payload.Length)];
        SealResult result = sealer.Seal(payload, frame);
        Assert.Equal(SealStatus.Sealed, result.Status);
        return frame[..result.FrameLength];
    }

    public static (OpenResult Result, byte[] Payload) Open(MessageOpener opener, ReadOnlySpan<byte> frame)
    {
        byte[] payload = new byte[Math.Max(0, frame.Length)];
        OpenResult result = opener.Open(frame, payload);
        return (result, payload[..result.PayloadLength]);
    }

    public static byte[] Payload(int length, int seed)
    {
        byte[] payload = new byte[length];
        new Random(seed).NextBytes(payload); // message content, not key: seeded for repeatability
        return payload;
    }

    public KeyId AddInvestorKey(int bytes) => AddKey(InvestorPad, BrokerLookup, bytes);

    public KeyId AddBrokerKey(int bytes) => AddKey(BrokerPad, InvestorLookup, bytes);

    public void Dispose()
    {
        InvestorSealer.Dispose();
        BrokerSealer.Dispose();
        BrokerOpener.Dispose();
        InvestorOpener.Dispose();
        InvestorPad.Dispose();
        BrokerPad.Dispose();
        BrokerLookup.Dispose();
        InvestorLookup.Dispose();
    }

    private static KeyId AddKey(InMemoryPadSource source, InMemoryPadLookup lookup, int bytes)
    {
        KeyId id = KeyId.New();
        byte[] key = RandomNumberGenerator.GetBytes(bytes);
        source.Add(id, key);
        lookup.Add(id, key);
        CryptographicOperations.ZeroMemory(key);
        return id;
    }
}
