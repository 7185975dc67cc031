namespace MiniSql.Shell.Tests;

public sealed class CsvReaderTests
{
    [Fact]
    public void Reads_rfc4180_records()
    {
        var reader = new CsvReader(new StringReader("a,\"b,c\",\"d\"\"e\"\r\n\"multi\r\nline\",,x\nlast"));
        Assert.Equal(["a", "b,c", "d\"e"], reader.ReadRecord());
        Assert.Equal(1, reader.RecordStartLine);
        Assert.Equal(["multi\r\nline", "", "x"], reader.ReadRecord());
        Assert.Equal(2, reader.RecordStartLine);
        Assert.Equal(["last"], reader.ReadRecord());
        Assert.Equal(4, reader.RecordStartLine);
        Assert.Null(reader.ReadRecord());
    }
}
