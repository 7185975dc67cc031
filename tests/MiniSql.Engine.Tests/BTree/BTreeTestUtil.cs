using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using Tree = MiniSql.Engine.BTree.BTree;

namespace MiniSql.Engine.Tests.BTree;

/// <summary>Shared helpers for b-tree tests.</summary>
internal static class BTreeTestUtil
{
    public static void AssertIntegrity(MemoryPageStore store, IReadOnlyList<uint> roots, Func<uint, KeyInfo?>? keyInfo = null)
    {
        IReadOnlyList<string> result = IntegrityChecker.Check(store, roots, keyInfo);
        Assert.True(result.Count == 1 && result[0] == "ok", string.Join("\n", result));
        Assert.Equal(0, store.PinnedPages);
    }

    public static byte[] RandomBytes(Random rng, int length)
    {
        var b = new byte[length];
        rng.NextBytes(b);
        return b;
    }

    /// <summary>A payload length: mostly small, sometimes spilling to one or several overflow pages.</summary>
    public static int RandomLength(Random rng, int pageSize)
    {
        int r = rng.Next(100);
        if (r < 70) return rng.Next(0, 60);
        if (r < 90) return rng.Next(60, pageSize / 3);
        if (r < 98) return rng.Next(pageSize / 3, pageSize * 2);
        return rng.Next(pageSize * 2, pageSize * 5);
    }

    public static List<(long, byte[])> ScanTable(Tree tree, uint root)
    {
        var rows = new List<(long, byte[])>();
        using BTreeCursor c = tree.OpenTableCursor(root);
        for (bool ok = c.First(); ok; ok = c.Next()) rows.Add((c.Rowid, c.GetPayload()));
        return rows;
    }
}
