using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Storage;

/// <summary>Reads and writes whole files of a VFS for pager tests.</summary>
internal static class StorageTestFiles
{
    public static byte[] ReadAll(IVfs vfs, string path)
    {
        if (!vfs.Exists(path))
            return [];
        using var file = vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadOnly);
        var bytes = new byte[file.Size];
        file.Read(bytes, 0);
        return bytes;
    }

    public static void WriteAll(IVfs vfs, string path, ReadOnlySpan<byte> bytes)
    {
        using var file = vfs.Open(path, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite | VfsOpenFlags.Create);
        file.Truncate(0);
        file.Write(bytes, 0);
    }

    /// <summary>Fills a page (after the header on page 1) with a pattern derived from <paramref name="tag"/>.</summary>
    public static void Fill(Page page, byte tag)
    {
        int start = page.Number == 1 ? 108 : 0;
        for (int i = start; i < page.Data.Length; i++)
            page.Data[i] = (byte)(tag + i * 7 + page.Number);
    }

    /// <summary>Writes <paramref name="tag"/>-patterned content into pages 2..count of a new database, committed.</summary>
    public static void CreateDatabase(Pager pager, uint pageCount, byte tag)
    {
        pager.BeginWrite();
        while (pager.PageCount < pageCount)
        {
            var page = pager.AllocatePage();
            Fill(page, tag);
            pager.Release(page);
        }
        pager.Commit();
    }
}
