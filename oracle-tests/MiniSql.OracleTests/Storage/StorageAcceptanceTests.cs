using Microsoft.Data.Sqlite;
using MiniSql.Engine.Records;
using MiniSql.Sql;

namespace MiniSql.OracleTests.Storage;

/// <summary>
/// The storage issue's acceptance check: 50,000 rows over 3 tables, each with an index, text and blobs from
/// 0 bytes to 1 MiB (overflow chains), random deletes that free pages, written by MiniSql for page sizes
/// 512, 1024, 4096 and 65536; real SQLite must say integrity_check = ok and read exactly the same rows through
/// the table and through the index.
/// </summary>
public sealed class StorageAcceptanceTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(1024)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void MiniSqlFilesPassSqliteIntegrityCheckAndReadBackIdentically(int pageSize)
    {
        string dir = Path.Combine(Path.GetTempPath(), "minisql-accept-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "t.db");
        var expected = new Dictionary<string, SortedDictionary<long, (long K, SqlValue Payload)>>();
        try
        {
            var random = new Random(pageSize);
            using (var db = Database.Open(path, new DatabaseOptions { PageSize = pageSize }))
            {
                string[] tables = ["t1", "t2", "t3"];
                foreach (string t in tables)
                {
                    db.Execute($"CREATE TABLE {t}(id INTEGER PRIMARY KEY, k INTEGER, v)");
                    db.Execute($"CREATE INDEX {t}_k ON {t}(k, v)");
                    expected[t] = new SortedDictionary<long, (long, SqlValue)>();
                }
                db.Execute("BEGIN");
                using (var insert1 = db.Prepare("INSERT INTO t1(id, k, v) VALUES (?1, ?2, ?3)")!)
                using (var insert2 = db.Prepare("INSERT INTO t2(id, k, v) VALUES (?1, ?2, ?3)")!)
                using (var insert3 = db.Prepare("INSERT INTO t3(id, k, v) VALUES (?1, ?2, ?3)")!)
                {
                    Statement[] inserts = [insert1, insert2, insert3];
                    for (int i = 1; i <= 50_000; i++)
                    {
                        int which = i % 3;
                        long k = random.NextInt64(-1_000_000, 1_000_000);
                        SqlValue payload = MakePayload(random, i);
                        var ins = inserts[which];
                        ins.Bind(1, SqlValue.Integer(i));
                        ins.Bind(2, SqlValue.Integer(k));
                        ins.Bind(3, payload);
                        while (ins.Step()) { }
                        ins.Reset();
                        expected[tables[which]][i] = (k, payload);
                    }
                }
                db.Execute("COMMIT");
                // Random deletes that free pages (including every large payload's overflow chain in t1).
                foreach (string t in tables)
                {
                    var ids = expected[t].Keys.Where(_ => random.Next(4) == 0).ToList();
                    db.Execute("BEGIN");
                    foreach (long id in ids)
                    {
                        db.Execute($"DELETE FROM {t} WHERE id = {id}");
                        expected[t].Remove(id);
                    }
                    db.Execute("COMMIT");
                }
            }

            using var conn = new SqliteConnection($"Data Source={path};Pooling=False");
            conn.Open();
            Assert.Equal("ok", Scalar(conn, "PRAGMA integrity_check"));
            Assert.Equal((long)pageSize, Scalar(conn, "PRAGMA page_size"));
            Assert.True((long)Scalar(conn, "PRAGMA freelist_count")! >= 0);
            foreach ((string t, var rows) in expected)
            {
                // Through the table, in rowid order.
                var viaTable = Read(conn, $"SELECT id, k, v FROM {t} NOT INDEXED ORDER BY id");
                Assert.Equal(rows.Count, viaTable.Count);
                int n = 0;
                foreach ((long id, (long k, SqlValue payload)) in rows)
                {
                    var row = viaTable[n++];
                    Assert.Equal(id, row.Id);
                    Assert.Equal(k, row.K);
                    Assert.Equal(payload, row.V);
                }
                // Through the index: every entry, in index order, matches a table row.
                var viaIndex = Read(conn, $"SELECT id, k, v FROM {t} INDEXED BY {t}_k WHERE k > -2000000 ORDER BY k, v, id");
                Assert.Equal(rows.Count, viaIndex.Count);
                foreach (var row in viaIndex)
                {
                    Assert.True(rows.TryGetValue(row.Id, out var e), $"{t}: index row {row.Id} has no table row");
                    Assert.Equal(e.K, row.K);
                    Assert.Equal(e.Payload, row.V);
                }
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Text and blobs from 0 bytes up to 1 MiB: mostly small, some spilling to overflow pages, a few huge.</summary>
    private static SqlValue MakePayload(Random random, int i)
    {
        int size = i % 5000 == 0 ? 1 << 20 : i % 97 == 0 ? random.Next(1_000, 20_000) : random.Next(0, 60);
        if (i % 2 == 0)
        {
            var bytes = new byte[size];
            random.NextBytes(bytes);
            return SqlValue.Blob(bytes);
        }
        var chars = new char[size];
        for (int c = 0; c < size; c++) chars[c] = (char)('a' + random.Next(26));
        return SqlValue.Text(new string(chars));
    }

    private static object? Scalar(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static List<(long Id, long K, SqlValue V)> Read(SqliteConnection conn, string sql)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<(long, long, SqlValue)>();
        while (r.Read())
        {
            object v = r.GetValue(2);
            SqlValue value = v switch
            {
                byte[] b => SqlValue.Blob(b),
                string s => SqlValue.Text(s),
                _ => throw new InvalidOperationException("unexpected value type " + v.GetType()),
            };
            list.Add((r.GetInt64(0), r.GetInt64(1), value));
        }
        return list;
    }
}
