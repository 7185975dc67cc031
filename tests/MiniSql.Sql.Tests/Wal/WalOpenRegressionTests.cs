using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Sql.Tests.Wal;

/// <summary>Regressions found by <see cref="WalCrashSimulationTests"/>.</summary>
public sealed class WalOpenRegressionTests
{
    [Fact]
    public void ZeroLengthDatabaseFileHasAnEmptySchemaTable()
    {
        var memory = new MemoryVfs(1);
        memory.WriteAllBytes("e.db", []);
        using var db = Database.Open("e.db", new DatabaseOptions { Vfs = memory });
        using var st = db.Prepare("SELECT count(*) FROM sqlite_schema")!;
        Assert.True(st.Step());
        Assert.Equal(0, st.Column(0).AsInteger);
    }

    [Fact]
    public void TornPageOneInTheFileIsReadFromTheWal()
    {
        // A checkpoint cut by power loss before its database sync can leave page 1 of the file torn while the WAL
        // (synced first) still holds it: the open must read page 1 through the WAL, not reject the file's header.
        var source = new MemoryVfs(2);
        byte[] file, wal;
        using (var db = Database.Open("w.db", new DatabaseOptions { Vfs = source, JournalMode = JournalMode.Wal }))
        {
            db.Pager.WalAutoCheckpoint = 0;
            db.Execute("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)");
            file = source.ReadAllBytes("w.db");
            wal = source.ReadAllBytes("w.db-wal");
        }
        Array.Fill(file, (byte)0xA5, 0, 512);
        var crashed = new MemoryVfs(3);
        crashed.WriteAllBytes("w.db", file);
        crashed.WriteAllBytes("w.db-wal", wal);
        using var reopened = Database.Open("w.db", new DatabaseOptions { Vfs = crashed });
        using var st = reopened.Prepare("SELECT sum(x) FROM t")!;
        Assert.True(st.Step());
        Assert.Equal(6, st.Column(0).AsInteger);
    }
}
