using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using Tree = MiniSql.Engine.BTree.BTree;

using MiniSql.Engine.Tests.BTree;
namespace MiniSql.OracleTests.BTree;

/// <summary>
/// Cross-checks the b-tree layer with real SQLite: files written through our b-tree (over the real pager) must
/// pass SQLite's integrity_check and return the same rows through the table and the index; files SQLite wrote
/// must read back identically through our cursors and pass our integrity check; corrupted copies must fail only
/// with SQLITE_CORRUPT / SQLITE_NOTADB.
/// </summary>
public sealed class BTreeOracleTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "minisql-btree-" + Guid.NewGuid().ToString("N"));

    public BTreeOracleTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(512, 1)]
    [InlineData(4096, 2)]
    [InlineData(65536, 3)]
    public void FileWrittenByOurBTreePassesSqliteIntegrityCheck(int pageSize, int seed)
    {
        string path = Path.Combine(_dir, $"ours{pageSize}.db");
        var rng = new Random(seed);
        var model = new SortedDictionary<long, (SqlValue B, SqlValue C)>();
        var keyInfo = KeyInfo.Default;
        using (Pager pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { PageSize = pageSize }))
        {
            pager.BeginWrite();
            var tree = new Tree(pager);
            uint table = tree.CreateTable();
            uint index = tree.CreateIndex();
            SchemaTable.Insert(tree, "table", "t", "t", table, "CREATE TABLE t(b, c)");
            SchemaTable.Insert(tree, "index", "ti", "t", index, "CREATE INDEX ti ON t(b)");
            using (BTreeCursor rows = tree.OpenTableCursor(table))
            using (BTreeCursor keys = tree.OpenIndexCursor(index, keyInfo))
            {
                for (int i = 0; i < 1500; i++)
                {
                    long rowid = rng.Next(1, 3000);
                    if (model.TryGetValue(rowid, out var old)) Assert.Equal(SeekResult.Exact, keys.SeekRecord(RecordEncoder.Encode([old.B, SqlValue.Integer(rowid)])));
                    if (model.ContainsKey(rowid)) keys.Delete();
                    SqlValue b = RandomValue(rng);
                    SqlValue c = SqlValue.Blob(RandomBytes(rng, rng.Next(100) < 3 ? rng.Next(pageSize, 200_000) : rng.Next(0, 80)));
                    rows.Insert(rowid, RecordEncoder.Encode([b, c]));
                    keys.Insert(RecordEncoder.Encode([b, SqlValue.Integer(rowid)]));
                    model[rowid] = (b, c);
                }
                foreach (long rowid in model.Keys.Where(k => k % 3 == 0).ToList())
                {
                    Assert.Equal(SeekResult.Exact, rows.SeekRowid(rowid));
                    rows.Delete();
                    Assert.Equal(SeekResult.Exact, keys.SeekRecord(RecordEncoder.Encode([model[rowid].B, SqlValue.Integer(rowid)])));
                    keys.Delete();
                    model.Remove(rowid);
                }
            }
            Assert.Equal(["ok"], IntegrityChecker.Check(pager, [1, table, index], r => r == index ? keyInfo : null));
            pager.Commit();
        }

        using var conn = Open(path);
        Assert.Equal("ok", Scalar(conn, "PRAGMA integrity_check"));
        var expected = model.Select(kv => (kv.Key, kv.Value.B, kv.Value.C)).ToList();
        var actual = Query(conn, "SELECT rowid, b, c FROM t ORDER BY rowid", r => (r.GetInt64(0), ToValue(r, 1), ToValue(r, 2)));
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);

        var indexExpected = model.Select(kv => (kv.Value.B, kv.Key)).ToList();
        indexExpected.Sort((x, y) =>
        {
            int c = RecordComparer.CompareValues(x.B, y.B);
            return c != 0 ? c : x.Key.CompareTo(y.Key);
        });
        var indexActual = Query(conn, "SELECT b, rowid FROM t INDEXED BY ti WHERE b IS NOT NULL OR b IS NULL ORDER BY b, rowid", r => (ToValue(r, 0), r.GetInt64(1)));
        Assert.Equal(indexExpected, indexActual);
    }

    [Theory]
    [InlineData(512, false)]
    [InlineData(1024, true)]
    [InlineData(4096, false)]
    [InlineData(65536, true)]
    public void FileWrittenBySqliteReadsBackThroughOurCursors(int pageSize, bool vacuum)
    {
        string path = Path.Combine(_dir, $"sqlite{pageSize}.db");
        CreateSqliteDatabase(path, pageSize, seed: pageSize, vacuum);
        List<(long, SqlValue, SqlValue, SqlValue)> rows;
        List<(SqlValue, long)> byB;
        List<(SqlValue, SqlValue, long)> byAb;
        long freelist;
        using (var conn = Open(path))
        {
            rows = Query(conn, "SELECT rowid, a, b, c FROM t ORDER BY rowid", r => (r.GetInt64(0), ToValue(r, 1), ToValue(r, 2), ToValue(r, 3)));
            byB = Query(conn, "SELECT b, rowid FROM t INDEXED BY tb ORDER BY b, rowid", r => (ToValue(r, 0), r.GetInt64(1)));
            byAb = Query(conn, "SELECT a, b, rowid FROM t INDEXED BY tab ORDER BY a DESC, b COLLATE NOCASE, rowid", r => (ToValue(r, 0), ToValue(r, 1), r.GetInt64(2)));
            freelist = (long)Scalar(conn, "PRAGMA freelist_count")!;
        }
        SqliteConnection.ClearAllPools();
        if (!vacuum) Assert.True(freelist > 0, "the deletes should leave free pages");

        using Pager pager = Pager.Open(OsVfs.Instance, path, new PagerOptions { ReadOnly = true, Create = false });
        pager.BeginRead();
        var tree = new Tree(pager);
        Assert.Equal((uint)freelist, tree.FreelistCount);
        List<SchemaRow> schema = SchemaTable.ReadAll(tree);
        uint table = schema.Single(s => s.Name == "t").RootPage;
        uint tb = schema.Single(s => s.Name == "tb").RootPage;
        uint tab = schema.Single(s => s.Name == "tab").RootPage;
        var abInfo = new KeyInfo([CollatingSequence.Binary, CollatingSequence.NoCase], [true, false]);

        var ours = new List<(long, SqlValue, SqlValue, SqlValue)>();
        using (BTreeCursor c = tree.OpenTableCursor(table))
        {
            byte[]? buffer = null;
            for (bool ok = c.First(); ok; ok = c.Next())
            {
                var r = new RecordReader(c.GetPayload(ref buffer));
                ours.Add((c.Rowid, r.GetValue(0), r.GetValue(1), r.GetValue(2)));
            }
            Assert.Equal(rows, ours);
            foreach ((long rowid, _, _, _) in rows.Take(50))
            {
                Assert.Equal(SeekResult.Exact, c.SeekRowid(rowid));
                Assert.Equal(rowid, c.Rowid);
            }
        }
        Assert.Equal(byB, ScanIndex(tree, tb, KeyInfo.Default).Select(v => (v[0], v[1].AsInteger)).ToList());
        Assert.Equal(byAb, ScanIndex(tree, tab, abInfo).Select(v => (v[0], v[1], v[2].AsInteger)).ToList());

        // Range seeks on the index agree with SQLite's ORDER BY.
        using (BTreeCursor c = tree.OpenIndexCursor(tb, KeyInfo.Default))
        {
            SqlValue probe = byB[byB.Count / 2].Item1;
            Assert.True(c.SeekGE([probe]));
            Assert.Equal(probe, new RecordReader(c.GetPayload()).GetValue(0));
            int firstGe = byB.FindIndex(x => RecordComparer.CompareValues(x.Item1, probe) >= 0);
            Assert.Equal(byB[firstGe].Item2, new RecordReader(c.GetPayload()).GetValue(1).AsInteger);
            int firstGt = byB.FindIndex(x => RecordComparer.CompareValues(x.Item1, probe) > 0);
            if (c.SeekGT([probe])) Assert.Equal(byB[firstGt].Item2, new RecordReader(c.GetPayload()).GetValue(1).AsInteger);
            else Assert.Equal(-1, firstGt);
        }

        var roots = schema.Where(s => s.RootPage != 0).Select(s => s.RootPage).Prepend(1u).ToList();
        Assert.Equal(["ok"], IntegrityChecker.Check(pager, roots, r => r == tb ? KeyInfo.Default : r == tab ? abInfo : null));
        pager.EndRead();
    }

    [Fact]
    public void SequentialInsertsPackPagesLikeSqlite()
    {
        const int rows = 200_000;
        var store = new MemoryPageStore(4096);
        var tree = new Tree(store);
        uint table = tree.CreateTable();
        SchemaTable.Insert(tree, "table", "t", "t", table, "CREATE TABLE t(a, b)");
        using (BTreeCursor c = tree.OpenTableCursor(table))
        {
            for (int i = 1; i <= rows; i++)
                c.Insert(i, RecordEncoder.Encode([SqlValue.Integer(i * 7L), SqlValue.Text("row payload text number " + i.ToString("D8"))]));
        }
        string ours = Path.Combine(_dir, "seq-ours.db");
        File.WriteAllBytes(ours, store.Save());

        string theirs = Path.Combine(_dir, "seq-sqlite.db");
        using (var conn = Open(theirs))
        {
            Exec(conn, "PRAGMA page_size=4096; CREATE TABLE t(a, b);");
            using var tx = conn.BeginTransaction();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO t(rowid, a, b) VALUES ($i, $a, $b)";
            var pi = cmd.Parameters.Add("$i", SqliteType.Integer);
            var pa = cmd.Parameters.Add("$a", SqliteType.Integer);
            var pb = cmd.Parameters.Add("$b", SqliteType.Text);
            for (int i = 1; i <= rows; i++)
            {
                pi.Value = i;
                pa.Value = i * 7L;
                pb.Value = "row payload text number " + i.ToString("D8");
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        SqliteConnection.ClearAllPools();
        long ourSize = new FileInfo(ours).Length, theirSize = new FileInfo(theirs).Length;
        Assert.True(Math.Abs(ourSize - theirSize) <= theirSize * 0.05, $"ours {ourSize} vs SQLite {theirSize}");
        using var check = Open(ours);
        Assert.Equal("ok", Scalar(check, "PRAGMA integrity_check"));
        Assert.Equal((long)rows, Scalar(check, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task CorruptedCopiesFailOnlyWithCorruptOrNotADb()
    {
        string path = Path.Combine(_dir, "victim.db");
        CreateSqliteDatabase(path, 1024, seed: 77, vacuum: false, rows: 400);
        SqliteConnection.ClearAllPools();
        byte[] original = File.ReadAllBytes(path);
        int pageSize = 1024, pages = original.Length / pageSize;
        var rng = new Random(2024);
        int corruptSeen = 0;
        for (int n = 0; n < 200; n++)
        {
            byte[] image = (byte[])original.Clone();
            int mode = rng.Next(3);
            if (mode == 0)
            {
                for (int k = rng.Next(1, 12); k > 0; k--) image[rng.Next(100, image.Length)] ^= (byte)(1 << rng.Next(8));
            }
            else if (mode == 1)
            {
                int page = rng.Next(1, pages);
                var junk = new byte[pageSize];
                rng.NextBytes(junk);
                if (rng.Next(2) == 0) Array.Clear(junk, 8, pageSize - 8);
                junk.CopyTo(image, page * pageSize);
            }
            else
            {
                int page = rng.Next(0, pages);
                int at = page * pageSize + (page == 0 ? 100 : 0) + rng.Next(0, 12);
                image[at] = (byte)rng.Next(256);
                if (rng.Next(2) == 0) image[32 + rng.Next(8)] = (byte)rng.Next(256); // freelist header fields
            }
            var vfs = new MemoryVfs(n);
            vfs.WriteAllBytes("/db", image);
            var task = Task.Run(() => ReadEverything(vfs));
            Task finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(20)));
            Assert.True(finished == task, $"case {n} hung");
            Exception? error = await task;
            if (error is null) continue;
            Assert.True(error is MiniSqlException m && m.ResultCode is ResultCode.Corrupt or ResultCode.NotADb,
                $"case {n} (mode {mode}): {error}");
            corruptSeen++;
        }
        Assert.True(corruptSeen > 20, $"only {corruptSeen} of 200 corruptions were detected");
    }

    // Reads the schema, every row and entry of every tree and runs the integrity check; returns what was thrown.
    private static Exception? ReadEverything(MemoryVfs vfs)
    {
        try
        {
            using Pager pager = Pager.Open(vfs, "/db", new PagerOptions { ReadOnly = true, Create = false });
            pager.BeginRead();
            var tree = new Tree(pager);
            List<SchemaRow> schema = SchemaTable.ReadAll(tree);
            var roots = new List<uint> { 1 };
            foreach (SchemaRow row in schema)
            {
                if (row.RootPage == 0) continue;
                roots.Add(row.RootPage);
                if (row.Type == "table")
                {
                    using BTreeCursor c = tree.OpenTableCursor(row.RootPage);
                    byte[]? buffer = null;
                    for (bool ok = c.First(); ok; ok = c.Next()) new RecordReader(c.GetPayload(ref buffer)).ToArray();
                    for (bool ok = c.Last(); ok; ok = c.Previous()) _ = c.Rowid;
                }
                else
                {
                    ScanIndex(tree, row.RootPage, KeyInfo.Default);
                }
            }
            IReadOnlyList<string> result = IntegrityChecker.Check(pager, roots, _ => KeyInfo.Default);
            pager.EndRead();
            return result.Count == 1 && result[0] == "ok" ? null : new MiniSqlException(ResultCode.Corrupt, string.Join("\n", result));
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static List<SqlValue[]> ScanIndex(Tree tree, uint root, KeyInfo keyInfo)
    {
        var list = new List<SqlValue[]>();
        using BTreeCursor c = tree.OpenIndexCursor(root, keyInfo);
        byte[]? buffer = null;
        for (bool ok = c.First(); ok; ok = c.Next()) list.Add(new RecordReader(c.GetPayload(ref buffer)).ToArray());
        int back = 0;
        for (bool ok = c.Last(); ok; ok = c.Previous()) back++;
        Assert.Equal(list.Count, back);
        return list;
    }

    private static void CreateSqliteDatabase(string path, int pageSize, int seed, bool vacuum, int rows = 1500)
    {
        var rng = new Random(seed);
        using var conn = Open(path);
        Exec(conn, $"PRAGMA page_size={pageSize}; CREATE TABLE t(a INTEGER, b TEXT, c BLOB); CREATE INDEX tb ON t(b); CREATE INDEX tab ON t(a DESC, b COLLATE NOCASE);");
        using (var tx = conn.BeginTransaction())
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = "INSERT INTO t(a, b, c) VALUES ($a, $b, $c)";
            var pa = cmd.Parameters.Add("$a", SqliteType.Integer);
            var pb = cmd.Parameters.Add("$b", SqliteType.Text);
            var pc = cmd.Parameters.Add("$c", SqliteType.Blob);
            for (int i = 0; i < rows; i++)
            {
                pa.Value = rng.Next(5) == 0 ? DBNull.Value : rng.Next(-1000, 1000) * (rng.Next(4) == 0 ? 1_000_000_007L : 1L);
                int textLength = rng.Next(100) < 5 ? rng.Next(pageSize, 3 * pageSize) : rng.Next(0, 40);
                pb.Value = rng.Next(10) == 0 ? DBNull.Value : RandomText(rng, textLength);
                int r = rng.Next(1000);
                int blobLength = r == 0 ? 1 << 20 : r < 30 ? rng.Next(pageSize, 100_000) : rng.Next(0, 100);
                pc.Value = RandomBytes(rng, blobLength);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
        Exec(conn, "DELETE FROM t WHERE rowid % 3 = 0 OR length(c) > 50000");
        if (vacuum) Exec(conn, "VACUUM");
    }

    private static SqliteConnection Open(string path)
    {
        var conn = new SqliteConnection($"Data Source={path};Pooling=False");
        conn.Open();
        return conn;
    }

    private static void Exec(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static List<T> Query<T>(SqliteConnection conn, string sql, Func<SqliteDataReader, T> map)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using SqliteDataReader r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(map(r));
        return list;
    }

    private static SqlValue ToValue(SqliteDataReader r, int i)
    {
        if (r.IsDBNull(i)) return SqlValue.Null;
        return r.GetFieldType(i) switch
        {
            Type t when t == typeof(long) => SqlValue.Integer(r.GetInt64(i)),
            Type t when t == typeof(double) => SqlValue.Real(r.GetDouble(i)),
            Type t when t == typeof(string) => SqlValue.Text(r.GetString(i)),
            _ => SqlValue.Blob((byte[])r.GetValue(i)),
        };
    }

    private static SqlValue RandomValue(Random rng) => rng.Next(6) switch
    {
        0 => SqlValue.Null,
        1 => SqlValue.Integer(rng.NextInt64(long.MinValue, long.MaxValue) >> rng.Next(64)),
        2 => SqlValue.Real(Math.Round((rng.NextDouble() - 0.5) * 1e6, 3)),
        3 => SqlValue.Text(RandomText(rng, rng.Next(100) < 5 ? rng.Next(500, 5000) : rng.Next(0, 30))),
        4 => SqlValue.Integer(rng.Next(0, 3)),
        _ => SqlValue.Blob(RandomBytes(rng, rng.Next(0, 30))),
    };

    private static string RandomText(Random rng, int length)
    {
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = (char)(rng.Next(8) == 0 ? 'A' + rng.Next(26) : 'a' + rng.Next(26));
        return new string(chars);
    }

    private static byte[] RandomBytes(Random rng, int length)
    {
        var b = new byte[length];
        rng.NextBytes(b);
        return b;
    }
}
