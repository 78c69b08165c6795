using System.Text;
using QkdNet.Services.Trading.Fix;

namespace QkdNet.Tests.Services.Trading.Fix;

public sealed class FixDecodeErrorTests
{
    private const string OrderFields = "11=A|55=7203|54=1|60=20261202-09:00:01|38=100|40=2|44=2150|";

    private static byte[] Order(string fields = OrderFields) => FixTestMessages.Frame("35=D|" + FixTestMessages.HeaderFields + fields);

    [Fact]
    public void Decode_ValidHandFramedOrder_Succeeds()
    {
        Assert.Equal(new FixPrice(21_500_000), FixTestMessages.Decode(Order()).NewOrderSingle.Price);
    }

    [Fact]
    public void Decode_CheckSumOffByOne_ReturnsBadCheckSumOnTag10WithBothValues()
    {
        byte[] message = FixTestMessages.Encode(FixTestMessages.Order());
        int computed = int.Parse(Encoding.ASCII.GetString(message, message.Length - 4, 3), System.Globalization.CultureInfo.InvariantCulture);
        byte[] wrong = Encoding.ASCII.GetBytes($"{(computed + 1) % 256:000}");
        wrong.CopyTo(message, message.Length - 4);

        FixDecodeError error = FixTestMessages.DecodeError(message);

        Assert.Equal(FixDecodeProblem.BadCheckSum, error.Problem);
        Assert.Equal(FixSessionRejectReason.ValueIsIncorrect, error.SessionRejectReason);
        Assert.Equal(10, error.RefTagId);
        Assert.Equal((computed + 1) % 256, error.Found);
        Assert.Equal(computed, error.Expected);
        Assert.Equal(7, error.RefSeqNum);
        Assert.True(error.IsGarbled);
    }

    [Fact]
    public void Decode_BodyByteChangedCheckSumKept_ReturnsBadCheckSum()
    {
        byte[] message = FixTestMessages.Encode(FixTestMessages.Order());
        int symbol = Encoding.ASCII.GetString(message).IndexOf("55=7203", StringComparison.Ordinal);
        message[symbol + 3] = (byte)'8';

        Assert.Equal(FixDecodeProblem.BadCheckSum, FixTestMessages.DecodeError(message).Problem);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(5)]
    public void Decode_BodyLengthWrong_ReturnsBadBodyLengthOnTag9WithTheTrueLength(int delta)
    {
        string text = Encoding.ASCII.GetString(Order());
        int start = text.IndexOf("\u00019=", StringComparison.Ordinal) + 3;
        int end = text.IndexOf('\u0001', start);
        int declared = int.Parse(text[start..end], System.Globalization.CultureInfo.InvariantCulture);
        byte[] message = Encoding.ASCII.GetBytes(text[..start] + (declared + delta) + text[end..]);

        FixDecodeError error = FixTestMessages.DecodeError(message);

        Assert.Equal(FixDecodeProblem.BadBodyLength, error.Problem);
        Assert.Equal(FixSessionRejectReason.ValueIsIncorrect, error.SessionRejectReason);
        Assert.Equal(9, error.RefTagId);
        Assert.Equal(declared + delta, error.Found);
        Assert.Equal(declared, error.Expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(30)]
    [InlineData(1)]
    public void Decode_MessageCutShort_ReturnsTruncated(int keepFromEnd)
    {
        byte[] message = FixTestMessages.Encode(FixTestMessages.Order());
        int keep = keepFromEnd == 0 ? 3 : message.Length - keepFromEnd;

        Assert.Equal(FixDecodeProblem.Truncated, FixTestMessages.DecodeError(message[..keep]).Problem);
    }

    [Fact]
    public void Decode_BytesAfterCheckSum_ReturnsTrailingBytes()
    {
        byte[] message = [.. FixTestMessages.Encode(FixTestMessages.Order()), (byte)'8'];

        Assert.Equal(FixDecodeProblem.TrailingBytes, FixTestMessages.DecodeError(message).Problem);
    }

    [Fact]
    public void Decode_WrongBeginString_ReturnsBadBeginString()
    {
        byte[] message = FixTestMessages.Encode(FixTestMessages.Order());
        message[8] = (byte)'2';

        Assert.Equal(FixDecodeProblem.BadBeginString, FixTestMessages.DecodeError(message).Problem);
    }

    [Theory]
    [InlineData("11=A|54=1|60=20261202-09:00:01|38=100|40=2|44=2150|", 55)]
    [InlineData("11=A|55=7203|54=1|60=20261202-09:00:01|38=100|40=2|", 44)]
    [InlineData("55=7203|54=1|60=20261202-09:00:01|38=100|40=1|", 11)]
    public void Decode_RequiredTagAbsent_ReturnsRequiredTagMissingNamingIt(string fields, int tag)
    {
        FixDecodeError error = FixTestMessages.DecodeError(Order(fields));

        Assert.Equal(FixSessionRejectReason.RequiredTagMissing, error.SessionRejectReason);
        Assert.Equal(tag, error.RefTagId);
        Assert.Equal(7, error.RefSeqNum);
        Assert.Equal(FixMsgType.NewOrderSingle, error.RefMsgType);
        Assert.False(error.IsGarbled);
    }

    [Fact]
    public void Decode_HeaderFieldAbsent_ReturnsRequiredTagMissing()
    {
        byte[] message = FixTestMessages.Frame("35=0|49=INVESTOR|56=BROKER|52=20261202-09:00:01|");

        FixDecodeError error = FixTestMessages.DecodeError(message);

        Assert.Equal(FixSessionRejectReason.RequiredTagMissing, error.SessionRejectReason);
        Assert.Equal(34, error.RefTagId);
        Assert.Equal(0, error.RefSeqNum);
    }

    [Theory]
    [InlineData("11=A|55=7203|54=7|60=20261202-09:00:01|38=100|40=1|", 54, FixSessionRejectReason.ValueIsIncorrect)]
    [InlineData("11=A|55=7203|54=1|60=20261202-09:00:01|38=0|40=1|", 38, FixSessionRejectReason.ValueIsIncorrect)]
    [InlineData("11=A|55=7203|54=1|60=20261202-09:00:01|38=100|40=2|44=-5|", 44, FixSessionRejectReason.ValueIsIncorrect)]
    [InlineData("11=A|55=7203|54=1|60=20261202-09:00:01|38=1e2|40=1|", 38, FixSessionRejectReason.IncorrectDataFormat)]
    [InlineData("11=A|55=7203|54=1|60=20261202-09:00:01|38=100|40=2|44=21.50001|", 44, FixSessionRejectReason.IncorrectDataFormat)]
    [InlineData("11=A|55=7203|54=1|60=20261231-25:00:00|38=100|40=1|", 60, FixSessionRejectReason.IncorrectDataFormat)]
    [InlineData("11=A|55=7203|54=1|60=20260230-09:00:00|38=100|40=1|", 60, FixSessionRejectReason.IncorrectDataFormat)]
    [InlineData("11=A|55=|54=1|60=20261202-09:00:01|38=100|40=1|", 55, FixSessionRejectReason.TagSpecifiedWithoutValue)]
    [InlineData("11=A|55=7203|55=7203|54=1|60=20261202-09:00:01|38=100|40=1|", 55, FixSessionRejectReason.TagAppearsMoreThanOnce)]
    [InlineData("11=A|55=7203|10=000|54=1|60=20261202-09:00:01|38=100|40=1|", 10, FixSessionRejectReason.TagSpecifiedOutOfRequiredOrder)]
    [InlineData("11=A|55=7203|054=1|60=20261202-09:00:01|38=100|40=1|", 0, FixSessionRejectReason.InvalidTagNumber)]
    [InlineData("11=A|55=7203|x=1|54=1|60=20261202-09:00:01|38=100|40=1|", 0, FixSessionRejectReason.InvalidTagNumber)]
    [InlineData("11=ABCDEFGHIJKLMNOPQRSTUVWXYZ|55=7203|54=1|60=20261202-09:00:01|38=100|40=1|", 11, FixSessionRejectReason.ValueIsIncorrect)]
    public void Decode_BadField_ReturnsTheRejectReasonForIt(string fields, int tag, FixSessionRejectReason reason)
    {
        FixDecodeError error = FixTestMessages.DecodeError(Order(fields));

        Assert.Equal(reason, error.SessionRejectReason);
        Assert.Equal(tag, error.RefTagId);
    }

    [Fact]
    public void Decode_UnknownMsgType_ReturnsInvalidMsgType()
    {
        FixDecodeError error = FixTestMessages.DecodeError(FixTestMessages.Frame("35=Z|" + FixTestMessages.HeaderFields));

        Assert.Equal(FixSessionRejectReason.InvalidMsgType, error.SessionRejectReason);
        Assert.Equal(35, error.RefTagId);
        Assert.Equal(7, error.RefSeqNum);
    }

    [Fact]
    public void Decode_MsgTypeNotFirst_ReturnsOutOfOrder()
    {
        FixDecodeError error = FixTestMessages.DecodeError(FixTestMessages.Frame(FixTestMessages.HeaderFields + "35=0|"));

        Assert.Equal(FixSessionRejectReason.TagSpecifiedOutOfRequiredOrder, error.SessionRejectReason);
    }

    [Fact]
    public void Decode_FieldNotModelledForTheType_IsSkipped()
    {
        FixMessage message = FixTestMessages.Decode(Order(OrderFields + "21=1|9999=x|"));

        Assert.Equal("7203", message.NewOrderSingle.Symbol.ToString());
    }

    [Fact]
    public void RejectFor_BadCheckSum_NamesBothSums()
    {
        byte[] message = FixTestMessages.Encode(FixTestMessages.Order());
        message[^4] = (byte)(message[^4] == (byte)'0' ? '1' : '0');

        FixReject reject = FixReject.For(FixTestMessages.DecodeError(message));

        Assert.Equal(10, reject.RefTagId);
        Assert.StartsWith("CheckSum (10) is ", reject.Text.ToString(), StringComparison.Ordinal);
        Assert.Equal(7, reject.RefSeqNum);
    }
}
