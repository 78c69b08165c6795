using System.Buffers.Binary;
using QkdNet.Services.Statistics.Data;
using static QkdNet.Tests.Services.Statistics.StatisticsFixture;

namespace QkdNet.Tests.Services.Statistics.Deployment;

public sealed class SharedTableFileTests
{
    private static readonly byte[] UploadId = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    [Fact]
    public void WriteThenRead_GivesTheSameShares_LimbsIncluded_AndTheUploadId()
    {
        SharedTable table = Share(CustomersDataset.Schema, Customers(30))[1];

        var read = SharedTableFile.Read(SharedTableFile.Write(table, UploadId));

        Assert.True(read.IsSuccess, read.Error);
        Assert.Equal("0102030405060708090a0b0c0d0e0f10", read.Value.UploadId);
        Assert.Equal(30, read.Value.Table.Rows);
        foreach (string column in CustomersDataset.Schema.StoredColumns())
        {
            Assert.Equal(table.Column(column), read.Value.Table.Column(column));
        }

        Assert.Contains("balance.hi", CustomersDataset.Schema.StoredColumns());
    }

    [Fact]
    public void ATruncatedBody_AWordOutsideTheField_AndForeignBytes_AreErrorsNamingTheProblem()
    {
        byte[] bytes = SharedTableFile.Write(Share(CustomersDataset.Schema, Customers(10))[0], UploadId);
        byte[] outside = (byte[])bytes.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(outside.AsSpan(outside.Length - 8), ulong.MaxValue);

        Assert.Contains("need", SharedTableFile.Read(bytes.AsSpan(0, bytes.Length - 3)).Error, StringComparison.Ordinal);
        Assert.Contains("not an element of F_p", SharedTableFile.Read(outside).Error, StringComparison.Ordinal);
        Assert.Contains("QSTB1", SharedTableFile.Read("hello, world, this is no table"u8).Error, StringComparison.Ordinal);
    }
}
