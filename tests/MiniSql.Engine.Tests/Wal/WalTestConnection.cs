using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Wal;

/// <summary>A database file handle plus its <see cref="WriteAheadLog"/>: one simulated connection for WAL tests.</summary>
internal sealed class WalTestConnection : IDisposable
{
    public const string DbPath = "test.db";

    public WalTestConnection(IVfs vfs, string path = DbPath)
    {
        Db = vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        Wal = WriteAheadLog.Open(vfs, Db, path);
    }

    public IVfsFile Db { get; }

    public WriteAheadLog Wal { get; }

    /// <summary>Page images of one transaction: each page filled with its tag.</summary>
    public static List<Page> Pages(int pageSize, params (uint Number, byte Tag)[] pages)
    {
        var list = new List<Page>();
        foreach (var (number, tag) in pages)
        {
            var data = new byte[pageSize];
            Array.Fill(data, tag);
            list.Add(new Page(number, data));
        }
        return list;
    }

    /// <summary>Commits one transaction inside its own read and write transaction.</summary>
    public void Commit(int pageSize, uint dbSize, params (uint Number, byte Tag)[] pages)
    {
        Wal.BeginReadTransaction();
        Wal.BeginWriteTransaction();
        Wal.AppendTransaction(Pages(pageSize, pages), dbSize);
        Wal.EndReadTransaction();
    }

    /// <summary>The tag byte of page <paramref name="number"/> as the current snapshot sees it (WAL, else file).</summary>
    public byte ReadTag(uint number, int pageSize)
    {
        var buf = new byte[pageSize];
        if (!Wal.TryReadPage(number, buf))
            Db.Read(buf, (long)(number - 1) * pageSize);
        return buf[0];
    }

    public void Dispose()
    {
        Wal.Dispose();
        Db.Dispose();
    }
}
