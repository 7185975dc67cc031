using MiniSql.Engine.BTree;
using Tree = MiniSql.Engine.BTree.BTree;

namespace MiniSql.Engine.Tests.BTree;

/// <summary>
/// A rowid seek answered from the cursor's position (the append after <see cref="BTreeCursor.Last"/>, or the rowid
/// the cursor is on) must agree with a seek from the root everywhere in a multi-level tree; a closed cursor holds no
/// pins, refuses use, and works again after Reopen.
/// </summary>
public sealed class CursorPositionSeekTests
{
    [Fact]
    public void AppendsAfterLastMatchAFreshSeekAndKeepTheTreeValid()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        var rng = new Random(7);
        var expected = new List<(long, byte[])>();
        for (int i = 1; i <= 3000; i++)
        {
            using BTreeCursor c = tree.OpenTableCursor(root);
            long next = c.Last() ? c.Rowid + 1 : 1;
            Assert.Equal(i == 1 ? SeekResult.Empty : SeekResult.EntryLess, c.SeekRowid(next));
            byte[] payload = BTreeTestUtil.RandomBytes(rng, BTreeTestUtil.RandomLength(rng, 512));
            c.Insert(next, payload);
            expected.Add((next, payload));
            if (i % 97 == 0)
            {
                using BTreeCursor fresh = tree.OpenTableCursor(root);
                Assert.Equal(SeekResult.Exact, fresh.SeekRowid(next));
                Assert.Equal(SeekResult.EntryLess, fresh.SeekRowid(next + 1));
                Assert.Equal(SeekResult.Exact, fresh.SeekRowid(next));
            }
        }
        var rows = BTreeTestUtil.ScanTable(tree, root);
        Assert.Equal(expected.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Item1, rows[i].Item1);
            Assert.Equal(expected[i].Item2, rows[i].Item2);
        }
        BTreeTestUtil.AssertIntegrity(store, [1, root]);
    }

    [Fact]
    public void SeeksFromAPositionOnAnyLeafAgreeWithSeeksFromTheRoot()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        using (BTreeCursor c = tree.OpenTableCursor(root))
        {
            for (long r = 10; r <= 20_000; r += 10) c.Insert(r, new byte[40]);
        }
        var rng = new Random(11);
        using BTreeCursor moving = tree.OpenTableCursor(root);
        using BTreeCursor reference = tree.OpenTableCursor(root);
        for (int i = 0; i < 2000; i++)
        {
            long target = rng.Next(0, 20_020);
            // Position the moving cursor somewhere (sometimes on the target, sometimes at the end), then seek.
            switch (rng.Next(3))
            {
                case 0: moving.Last(); break;
                case 1: moving.SeekRowid(target); break;
                default: moving.SeekRowid(rng.Next(0, 20_020)); break;
            }
            SeekResult got = moving.SeekRowid(target);
            SeekResult want = reference.SeekRowid(target);
            Assert.Equal(want, got);
            if (got != SeekResult.Empty) Assert.Equal(reference.Rowid, moving.Rowid);
        }
    }

    [Fact]
    public void ClosedCursorHoldsNoPinsRefusesUseAndReopens()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        using BTreeCursor c = tree.OpenTableCursor(root);
        for (long r = 1; r <= 500; r++) c.Insert(r, new byte[30]);
        Assert.True(c.Last());
        c.Close();
        Assert.Equal(0, store.PinnedPages);
        Assert.Throws<MiniSqlException>(() => c.SeekRowid(1));
        // Changes through another cursor while it is closed do not touch it.
        using (BTreeCursor other = tree.OpenTableCursor(root)) other.Insert(501, new byte[30]);
        c.Reopen();
        Assert.True(c.Last());
        Assert.Equal(501, c.Rowid);
        c.Insert(502, new byte[30]);
        Assert.Equal(SeekResult.Exact, c.SeekRowid(502));
        c.Close();
        BTreeTestUtil.AssertIntegrity(store, [1, root]);
    }
}
