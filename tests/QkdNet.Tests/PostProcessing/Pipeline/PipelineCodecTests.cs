using QkdNet.PostProcessing.Pipeline;
using QkdNet.PostProcessing.Reconciliation;
using QkdNet.Primitives;

namespace QkdNet.Tests.PostProcessing.Pipeline;

public sealed class PipelineCodecTests
{
    [Fact]
    public void AnyMessage_OfTheWrongType_IsAProtocolError()
    {
        byte[] verify = PipelineCodec.Verify(new byte[16]);
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections(verify));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadAmplify(verify, 100));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadDetections([]));
    }

    [Fact]
    public void Amplify_OutputLongerThanInput_IsAProtocolError()
    {
        byte[] message = PipelineCodec.Amplify(Guid.NewGuid(), 500, BitString.Random(10));
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ReadAmplify(message, inputBits: 100));
    }

    [Fact]
    public void Estimation_CarriesItsOwnCounts_AndMismatchedCountsAreRejected()
    {
        byte[] seed = new byte[32];
        byte[] message = PipelineCodec.Estimation(PipelineMessage.Estimation, seed, BitString.Random(70), BitString.Random(9));
        var (_, sample, decoy) = PipelineCodec.ReadEstimation(message, PipelineMessage.Estimation, 32);
        Assert.Equal(70, sample.Length);
        Assert.Equal(9, decoy.Length);
        Assert.Throws<ReconciliationProtocolException>(() => PipelineCodec.ExpectCounts(sample, decoy, 71, 9));
    }
}
