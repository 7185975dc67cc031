using CsCheck;
using MiniSql.Engine.Records;

namespace MiniSql.Engine.Tests.Records;

public sealed class RecordTests
{
    private static readonly Gen<SqlValue> GenValue = Gen.OneOf(
        Gen.Const(SqlValue.Null),
        Gen.Long.Select(SqlValue.Integer),
        Gen.OneOfConst(0L, 1L, 127L, 128L, -128L, -129L, 32767L, 32768L, 8388607L, 8388608L, 2147483647L,
            2147483648L, 140737488355327L, 140737488355328L, 1L << 56, long.MinValue, long.MaxValue, -1L).Select(SqlValue.Integer),
        Gen.Double.Select(SqlValue.Real),
        Gen.String.Select(SqlValue.Text),
        Gen.Byte.Array[0, 300].Select(b => SqlValue.Blob(b)));

    [Fact]
    public void RandomRecordsRoundTrip()
    {
        GenValue.Array[0, 40].Sample(values =>
        {
            byte[] record = RecordEncoder.Encode(values);
            Assert.Equal(RecordEncoder.ComputeSize(values), record.Length);
            var r = new RecordReader(record);
            Assert.Equal(values.Length, r.ColumnCount);
            for (int i = 0; i < values.Length; i++) Assert.Equal(values[i], r.GetValue(i));
            Assert.Equal(0, RecordComparer.Compare(record, values, KeyInfo.Default));
        }, iter: 2000, threads: 1, seed: "0000000000000");
    }

    [Fact]
    public void SmallestSerialTypes()
    {
        Assert.Equal(8, SerialType.For(SqlValue.Integer(0)));
        Assert.Equal(9, SerialType.For(SqlValue.Integer(1)));
        Assert.Equal(1, SerialType.For(SqlValue.Integer(0), schemaFormat: 1));
        Assert.Equal(1, SerialType.For(SqlValue.Integer(-128)));
        Assert.Equal(2, SerialType.For(SqlValue.Integer(128)));
        Assert.Equal(3, SerialType.For(SqlValue.Integer(-32769)));
        Assert.Equal(5, SerialType.For(SqlValue.Integer(1L << 40)));
        Assert.Equal(6, SerialType.For(SqlValue.Integer(1L << 56)));
        Assert.Equal(7, SerialType.For(SqlValue.Real(0.5)));
        Assert.Equal(13, SerialType.For(SqlValue.Text("")));
        Assert.Equal(12, SerialType.For(SqlValue.Blob(Array.Empty<byte>())));
        Assert.Equal(19, SerialType.For(SqlValue.Text("abc")));
    }

    [Fact]
    public void HeaderSizeCountsItsOwnVarint()
    {
        // 126 one-byte serial types: 126 + 1 = 127 fits a 1-byte size varint; 127 types need 127 + 2 = 129.
        Assert.Equal(127, RecordEncoder.HeaderSize(126));
        Assert.Equal(129, RecordEncoder.HeaderSize(127));
        var values = Enumerable.Repeat(SqlValue.Null, 127).ToArray();
        byte[] record = RecordEncoder.Encode(values);
        Assert.Equal(129, record.Length);
        Assert.Equal(127, new RecordReader(record).ColumnCount);
    }

    [Fact]
    public void BigBlobRoundTrips()
    {
        var blob = new byte[1 << 20];
        new Random(5).NextBytes(blob);
        byte[] record = RecordEncoder.Encode([SqlValue.Blob(blob), SqlValue.Text(""), SqlValue.Real(-0.0)]);
        var r = new RecordReader(record);
        Assert.Equal(blob, r.GetValue(0).BytesArray);
        Assert.Equal(StorageClass.Text, r.GetValue(1).Type);
        Assert.Equal(StorageClass.Real, r.GetValue(2).Type);
        Assert.Equal(StorageClass.Null, r.GetValue(3).Type);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 5, 1 })]
    [InlineData(new byte[] { 2, 1 })]
    [InlineData(new byte[] { 2, 10 })]
    [InlineData(new byte[] { 3, 0x81 })]
    [InlineData(new byte[] { 2, 0x19, 1, 2 })]
    public void BadHeadersAreCorrupt(byte[] record)
    {
        var ex = Assert.Throws<MiniSqlException>(() => new RecordReader(record).GetValue(0));
        Assert.Equal(ResultCode.Corrupt, ex.ResultCode);
    }

    [Fact]
    public void SortOrderAcrossClasses()
    {
        SqlValue[] ordered =
        [
            SqlValue.Null,
            SqlValue.Real(double.NegativeInfinity),
            SqlValue.Integer(long.MinValue),
            SqlValue.Integer(-1),
            SqlValue.Real(-0.5),
            SqlValue.Integer(0),
            SqlValue.Real(0.5),
            SqlValue.Integer(9007199254740992),
            SqlValue.Integer(9007199254740993),
            SqlValue.Real(9007199254740994.0),
            SqlValue.Integer(long.MaxValue),
            SqlValue.Real(9223372036854775808.0),
            SqlValue.Text(""),
            SqlValue.Text("A"),
            SqlValue.Text("a"),
            SqlValue.Text("ab"),
            SqlValue.Blob(Array.Empty<byte>()),
            SqlValue.Blob(new byte[] { 0 }),
        ];
        for (int i = 0; i < ordered.Length; i++)
        {
            for (int j = 0; j < ordered.Length; j++)
            {
                byte[] a = RecordEncoder.Encode([ordered[i]]);
                byte[] b = RecordEncoder.Encode([ordered[j]]);
                Assert.Equal(Math.Sign(i.CompareTo(j)), RecordComparer.Compare(a, b, KeyInfo.Default));
                Assert.Equal(Math.Sign(i.CompareTo(j)), RecordComparer.Compare(a, [ordered[j]], KeyInfo.Default));
            }
        }
        Assert.Equal(0, RecordComparer.CompareValues(SqlValue.Integer(3), SqlValue.Real(3.0)));
    }

    [Fact]
    public void CollationsDescAndPrefixes()
    {
        var noCaseDesc = new KeyInfo([CollatingSequence.NoCase], [true]);
        byte[] abc = RecordEncoder.Encode([SqlValue.Text("ABC"), SqlValue.Integer(7)]);
        Assert.Equal(0, RecordComparer.Compare(abc, [SqlValue.Text("abc")], noCaseDesc));
        Assert.Equal(1, RecordComparer.Compare(abc, [SqlValue.Text("abc")], noCaseDesc, 1));
        Assert.Equal(-1, RecordComparer.Compare(abc, [SqlValue.Text("abc")], noCaseDesc, -1));
        Assert.Equal(-1, RecordComparer.Compare(abc, [SqlValue.Text("abd")], KeyInfo.Default) * -1 * -1);
        Assert.Equal(1, RecordComparer.Compare(abc, [SqlValue.Text("abd")], noCaseDesc));
        Assert.Equal(0, CollatingSequence.RTrim.Compare("ab  "u8, "ab"u8));
        Assert.True(CollatingSequence.Binary.Compare("ab "u8, "ab"u8) > 0);
        var registry = new CollationRegistry();
        Assert.Same(CollatingSequence.NoCase, registry.Get("nocase"));
        registry.Register("REVERSE", (a, b) => b.SequenceCompareTo(a));
        Assert.True(registry.Get("reverse").Compare("a"u8, "b"u8) > 0);
        var ex = Assert.Throws<MiniSqlException>(() => registry.Get("nope"));
        Assert.Equal("no such collation sequence: nope", ex.Message);
    }
}
