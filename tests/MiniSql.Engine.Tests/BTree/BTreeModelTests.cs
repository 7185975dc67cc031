using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using Tree = MiniSql.Engine.BTree.BTree;

namespace MiniSql.Engine.Tests.BTree;

public sealed class BTreeModelTests
{
    [Theory]
    [InlineData(512, 11)]
    [InlineData(1024, 12)]
    [InlineData(4096, 13)]
    [InlineData(65536, 14)]
    public void TableMatchesSortedDictionaryUnderRandomInsertDelete(int pageSize, int seed)
    {
        var rng = new Random(seed);
        var store = new MemoryPageStore(pageSize);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        var model = new SortedDictionary<long, byte[]>();
        int keyRange = pageSize >= 65536 ? 4000 : 1500;
        for (int batch = 0; batch < 12; batch++)
        {
            using (BTreeCursor c = tree.OpenTableCursor(root))
            {
                for (int op = 0; op < 300; op++)
                {
                    bool deletePhase = batch % 4 == 3;
                    if (!deletePhase && rng.Next(100) < 75 || model.Count == 0)
                    {
                        long key = rng.Next(keyRange) - 100;
                        byte[] payload = BTreeTestUtil.RandomBytes(rng, BTreeTestUtil.RandomLength(rng, pageSize));
                        c.Insert(key, payload);
                        model[key] = payload;
                    }
                    else
                    {
                        long key = rng.Next(keyRange) - 100;
                        bool exists = model.Remove(key);
                        SeekResult r = c.SeekRowid(key);
                        Assert.Equal(exists, r == SeekResult.Exact);
                        if (exists) c.Delete();
                    }
                }
            }
            BTreeTestUtil.AssertIntegrity(store, [1, root]);
            List<(long, byte[])> rows = BTreeTestUtil.ScanTable(tree, root);
            Assert.Equal(model.Count, rows.Count);
            int i = 0;
            foreach ((long k, byte[] v) in model)
            {
                Assert.True(k == rows[i].Item1, $"seed {seed}: key {k} vs {rows[i].Item1}");
                Assert.True(v.AsSpan().SequenceEqual(rows[i].Item2), $"seed {seed}: payload of {k}");
                i++;
            }
            using (BTreeCursor c = tree.OpenTableCursor(root))
            {
                var backwards = new List<long>();
                for (bool ok = c.Last(); ok; ok = c.Previous()) backwards.Add(c.Rowid);
                backwards.Reverse();
                Assert.Equal(model.Keys, backwards);
            }
        }

        // Delete everything: all pages but the root go back to the freelist.
        using (BTreeCursor c = tree.OpenTableCursor(root))
        {
            while (c.First()) c.Delete();
        }
        BTreeTestUtil.AssertIntegrity(store, [1, root]);
        Assert.Equal(store.PageCount - 2, tree.FreelistCount);
    }

    [Theory]
    [InlineData(512, 21)]
    [InlineData(1024, 22)]
    [InlineData(4096, 23)]
    [InlineData(65536, 24)]
    public void IndexMatchesSortedSetUnderRandomInsertDelete(int pageSize, int seed)
    {
        var rng = new Random(seed);
        var store = new MemoryPageStore(pageSize);
        var tree = new Tree(store);
        uint root = tree.CreateIndex();
        var keyInfo = new KeyInfo([CollatingSequence.NoCase, CollatingSequence.Binary], [false, true]);
        var comparer = Comparer<byte[]>.Create((a, b) => RecordComparer.Compare(a, b, keyInfo));
        var model = new SortedSet<byte[]>(comparer);
        var all = new List<byte[]>();
        for (int batch = 0; batch < 10; batch++)
        {
            using (BTreeCursor c = tree.OpenIndexCursor(root, keyInfo))
            {
                for (int op = 0; op < 300; op++)
                {
                    bool deletePhase = batch % 4 == 3;
                    if (!deletePhase && rng.Next(100) < 70 || model.Count == 0)
                    {
                        byte[] key = RandomIndexKey(rng, pageSize);
                        c.Insert(key);
                        model.Remove(key);
                        model.Add(key);
                        all.Add(key);
                    }
                    else
                    {
                        byte[] key = all[rng.Next(all.Count)];
                        bool exists = model.Remove(key);
                        SeekResult r = c.SeekRecord(key);
                        Assert.Equal(exists, r == SeekResult.Exact);
                        if (exists) c.Delete();
                    }
                }
            }
            BTreeTestUtil.AssertIntegrity(store, [1, root], r => r == root ? keyInfo : null);
            using (BTreeCursor c = tree.OpenIndexCursor(root, keyInfo))
            {
                var got = new List<byte[]>();
                for (bool ok = c.First(); ok; ok = c.Next()) got.Add(c.GetPayload());
                Assert.Equal(model.Count, got.Count);
                int i = 0;
                foreach (byte[] k in model) Assert.True(k.AsSpan().SequenceEqual(got[i++]), $"seed {seed}: entry {i - 1}");
                var back = new List<byte[]>();
                for (bool ok = c.Last(); ok; ok = c.Previous()) back.Add(c.GetPayload());
                Assert.Equal(got.Count, back.Count);
            }
        }
    }

    private static byte[] RandomIndexKey(Random rng, int pageSize)
    {
        SqlValue first = rng.Next(5) switch
        {
            0 => SqlValue.Null,
            1 => SqlValue.Integer(rng.Next(-50, 50)),
            2 => SqlValue.Real(rng.NextDouble() * 100 - 50),
            3 => SqlValue.Text(new string((char)('A' + rng.Next(3)), rng.Next(0, 4)) + new string('x', BTreeTestUtil.RandomLength(rng, pageSize) % 3000)),
            _ => SqlValue.Blob(BTreeTestUtil.RandomBytes(rng, BTreeTestUtil.RandomLength(rng, pageSize))),
        };
        return RecordEncoder.Encode([first, SqlValue.Integer(rng.Next(1, 1_000_000))]);
    }
}
