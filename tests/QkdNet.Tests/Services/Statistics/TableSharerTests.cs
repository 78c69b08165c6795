using QkdNet.Services.Statistics.Data;
using QkdNet.Services.Statistics.Field;
using QkdNet.Services.Statistics.Randomness;

namespace QkdNet.Tests.Services.Statistics;

public sealed class TableSharerTests
{
    private static readonly TableSchema Schema = new("t", [ColumnSchema.Integer("age", 20, 89), ColumnSchema.Categorical("kind", ["a", "b"])]);

    [Fact]
    public void AValueOutsideItsColumnsBounds_FailsTheUploadNamingRowAndColumn()
    {
        var result = TableSharer.Share(Schema, new Dictionary<string, long[]> { ["age"] = [30, 90], ["kind"] = [1, 2] }, 3, 1, SeededShareRandomness.Create(1));
        Assert.False(result.IsSuccess);
        Assert.Equal("row 2: column 'age' holds 90, outside [20, 89].", result.Error);
    }

    [Fact]
    public void SharedColumns_ReconstructFromAnyTwoOfThree_AndNoShareIsTheValue()
    {
        long[] age = [20, 45, 89];
        var tables = TableSharer.Share(Schema, new Dictionary<string, long[]> { ["age"] = age, ["kind"] = [1, 2, 1] }, 3, 1, SeededShareRandomness.Create(2)).Value;
        ulong[] fromFirstTwo = FpShamir.Reconstruct([0, 1], [tables[0].Column("age"), tables[1].Column("age")]);
        ulong[] fromLastTwo = FpShamir.Reconstruct([1, 2], [tables[1].Column("age"), tables[2].Column("age")]);
        Assert.Equal(age, fromFirstTwo.Select(Fp61.ToSigned).ToArray());
        Assert.Equal(age, fromLastTwo.Select(Fp61.ToSigned).ToArray());
        Assert.All(tables, t => Assert.DoesNotContain(t.Column("age"), s => age.Contains((long)s)));
    }
}
