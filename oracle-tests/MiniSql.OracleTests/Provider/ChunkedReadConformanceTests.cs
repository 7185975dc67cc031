using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// GetBytes, GetChars, GetStream and GetTextReader with offsets and chunk sizes. The values are read from table
/// columns: Microsoft.Data.Sqlite's GetBytes/GetChars/GetStream on an expression column (no table name) crash the
/// native library inside sqlite3_table_column_metadata, so the oracle can only speak for table columns.
/// </summary>
public sealed class ChunkedReadConformanceTests
{
    private static void Compare(Action<Transcript, DbDataReader> body) =>
        ConformanceRunner.Compare((target, t, path) =>
        {
            using var c = target.Open("Data Source=" + path);
            using var cmd = c.CreateCommand();
            cmd.CommandText =
                "CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB, s TEXT, n INTEGER, r REAL, big BLOB, u TEXT);" +
                "INSERT INTO t VALUES (1, x'0102030405', 'abcdef', 12345, 2.5, zeroblob(10000), 'héllo wörld €');";
            cmd.ExecuteNonQuery();
            using var big = c.CreateCommand();
            big.CommandText = "UPDATE t SET big = $b";
            var p = big.CreateParameter();
            p.ParameterName = "$b";
            var bytes = new byte[70000];
            new Random(5).NextBytes(bytes);
            p.Value = bytes;
            big.Parameters.Add(p);
            big.ExecuteNonQuery();
            cmd.CommandText = "SELECT b, s, n, r, big, u FROM t";
            using var r = cmd.ExecuteReader();
            r.Read();
            body(t, r);
        });

    /// <summary>GetBytes: length query, offsets inside, at and past the end, buffer offsets.</summary>
    [Theory]
    [InlineData(0, 0, 3)]
    [InlineData(2, 0, 3)]
    [InlineData(4, 1, 2)]
    [InlineData(5, 0, 3)]
    [InlineData(9, 0, 3)]
    [InlineData(0, 2, 1)]
    public void GetBytesChunk(long offset, int bufferOffset, int length) => Compare((t, r) =>
    {
        t.Try("length", () => r.GetBytes(0, 0, null, 0, 0));
        var buffer = new byte[3];
        t.Try("n", () => r.GetBytes(0, offset, buffer, bufferOffset, length));
        t.Add("buffer", buffer);
    });

    /// <summary>GetBytes over a 70,000-byte BLOB in chunks of several sizes (overflow pages).</summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void GetBytesLargeInChunks(int chunk) => Compare((t, r) =>
    {
        t.Add("length", r.GetBytes(4, 0, null, 0, 0));
        var all = new MemoryStream();
        var buffer = new byte[chunk];
        long offset = 0;
        int reads = 0;
        while (true)
        {
            long n = r.GetBytes(4, offset, buffer, 0, chunk);
            if (n == 0) break;
            all.Write(buffer, 0, (int)n);
            offset += n;
            reads++;
        }
        t.Add("reads", reads);
        t.Add("hash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(all.ToArray())));
    });

    /// <summary>GetChars: length query, offsets, buffer offsets, past the end; ASCII and non-ASCII text.</summary>
    [Theory]
    [InlineData(1, 0, 0, 4)]
    [InlineData(1, 3, 1, 3)]
    [InlineData(1, 5, 0, 4)]
    [InlineData(1, 6, 0, 4)]
    [InlineData(5, 0, 0, 4)]
    [InlineData(5, 7, 0, 4)]
    [InlineData(5, 12, 2, 2)]
    public void GetCharsChunk(int ordinal, long offset, int bufferOffset, int length) => Compare((t, r) =>
    {
        t.Try("length", () => r.GetChars(ordinal, 0, null, 0, 0));
        var chars = new char[4];
        t.Try("n", () => r.GetChars(ordinal, offset, chars, bufferOffset, length));
        t.Add("chars", new string(chars).Replace('\0', '.'));
    });

    /// <summary>GetBytes and GetChars on values of other storage classes.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ChunksOfOtherTypes(int ordinal) => Compare((t, r) =>
    {
        t.Try("bytes length", () => r.GetBytes(ordinal, 0, null, 0, 0));
        var buffer = new byte[4];
        t.Try("bytes n", () => r.GetBytes(ordinal, 1, buffer, 0, 4));
        t.Add("bytes", buffer);
        t.Try("chars length", () => r.GetChars(ordinal, 0, null, 0, 0));
        var chars = new char[4];
        t.Try("chars n", () => r.GetChars(ordinal, 1, chars, 0, 4));
        t.Add("chars", new string(chars).Replace('\0', '.'));
    });

    /// <summary>GetStream: length, seeking, reading in chunks; GetTextReader.</summary>
    [Fact]
    public void Streams() => Compare((t, r) =>
    {
        using (var s = r.GetStream(0))
        {
            t.Add("length", s.Length);
            t.Add("canSeek", s.CanSeek);
            t.Add("canWrite", s.CanWrite);
            s.Position = 3;
            var buffer = new byte[4];
            t.Add("read", s.Read(buffer, 0, 4));
            t.Add("buffer", buffer);
            t.Add("read at end", s.Read(buffer, 0, 4));
            s.Seek(-4, SeekOrigin.End);
            t.Add("byte", s.ReadByte());
        }
        using (var s = r.GetStream(4))
        {
            var all = new MemoryStream();
            var buffer = new byte[3000];
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0) all.Write(buffer, 0, n);
            t.Add("big", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(all.ToArray())));
        }
        using (var text = r.GetTextReader(5))
        {
            var chars = new char[5];
            t.Add("text n", text.Read(chars, 0, 5));
            t.Add("text", new string(chars));
            t.Add("rest", text.ReadToEnd());
        }
    });
}
