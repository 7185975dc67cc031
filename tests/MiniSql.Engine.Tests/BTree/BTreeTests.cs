using System.Buffers.Binary;
using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using Tree = MiniSql.Engine.BTree.BTree;

namespace MiniSql.Engine.Tests.BTree;

public sealed class BTreeTests
{
    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public void PayloadsFromZeroBytesToOneMebibyteRoundTrip(int pageSize)
    {
        var store = new MemoryPageStore(pageSize);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        var rng = new Random(pageSize);
        int[] sizes = [0, 1, 3, 100, pageSize - 36, pageSize - 35, pageSize - 34, pageSize, pageSize * 3 + 17, 100_000, 1 << 20];
        var payloads = new Dictionary<long, byte[]>();
        using (BTreeCursor c = tree.OpenTableCursor(root))
        {
            foreach (int size in sizes)
            {
                byte[] p = BTreeTestUtil.RandomBytes(rng, size);
                c.Insert(size, p);
                payloads[size] = p;
            }
            foreach (int size in sizes)
            {
                Assert.Equal(SeekResult.Exact, c.SeekRowid(size));
                Assert.Equal(size, c.PayloadSize);
                Assert.Equal(payloads[size], c.GetPayload());
                if (size > 10)
                {
                    var part = new byte[10];
                    c.ReadPayload(size - 10, part);
                    Assert.Equal(payloads[size].AsSpan(size - 10).ToArray(), part);
                }
                Assert.Equal(size <= pageSize - 35, c.TryGetLocalPayload(out _));
            }
        }
        BTreeTestUtil.AssertIntegrity(store, [1, root]);

        // Overwriting with small payloads frees every overflow page.
        using (BTreeCursor c = tree.OpenTableCursor(root))
        {
            foreach (int size in sizes) c.Insert(size, [1, 2, 3]);
        }
        BTreeTestUtil.AssertIntegrity(store, [1, root]);
        Assert.True(tree.FreelistCount >= (1 << 20) / pageSize);
    }

    [Fact]
    public void FreedPagesAreReusedBeforeTheFileGrows()
    {
        var store = new MemoryPageStore(1024);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        var rng = new Random(3);
        void Fill()
        {
            using BTreeCursor c = tree.OpenTableCursor(root);
            for (int i = 0; i < 2000; i++) c.Insert(i, BTreeTestUtil.RandomBytes(rng, i % 50 == 0 ? 5000 : 40));
        }
        Fill();
        uint size = store.PageCount;
        for (int round = 0; round < 3; round++)
        {
            using (BTreeCursor c = tree.OpenTableCursor(root))
            {
                while (c.First()) c.Delete();
            }
            Assert.Equal(size - 2, tree.FreelistCount);
            Fill();
            Assert.Equal(size, store.PageCount);
            BTreeTestUtil.AssertIntegrity(store, [1, root]);
        }
    }

    [Fact]
    public void RandomInsertsAndDeletesKeepPagesFilledAndTheTreeShallow()
    {
        var store = new MemoryPageStore(1024);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        var rng = new Random(9);
        var keys = new List<long>();
        using (BTreeCursor c = tree.OpenTableCursor(root))
        {
            for (int i = 0; i < 20000; i++)
            {
                long k = rng.NextInt64();
                c.Insert(k, BTreeTestUtil.RandomBytes(rng, rng.Next(10, 60)));
                keys.Add(k);
            }
            for (int i = 0; i < 15000; i++)
            {
                int j = rng.Next(keys.Count);
                Assert.Equal(SeekResult.Exact, c.SeekRowid(keys[j]));
                c.Delete();
                keys[j] = keys[^1];
                keys.RemoveAt(keys.Count - 1);
            }
        }
        BTreeTestUtil.AssertIntegrity(store, [1, root]);
        (int depth, List<double> fill) = Measure(store, root);
        Assert.True(depth <= 4, $"depth {depth}");
        Assert.True(fill.Min() >= 0.3, $"least filled page {fill.Min():P0}");
        Assert.True(fill.Average() >= 0.6, $"average fill {fill.Average():P0}");
    }

    [Fact]
    public void DropAndClearFreeEveryPage()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint table = tree.CreateTable();
        uint index = tree.CreateIndex();
        var rng = new Random(4);
        using (BTreeCursor t = tree.OpenTableCursor(table))
        using (BTreeCursor x = tree.OpenIndexCursor(index, KeyInfo.Default))
        {
            for (int i = 0; i < 500; i++)
            {
                t.Insert(i, BTreeTestUtil.RandomBytes(rng, i % 40 == 0 ? 3000 : 30));
                x.Insert(RecordEncoder.Encode([SqlValue.Blob(BTreeTestUtil.RandomBytes(rng, i % 40 == 0 ? 2000 : 20)), SqlValue.Integer(i)]));
            }
        }
        BTreeTestUtil.AssertIntegrity(store, [1, table, index]);
        tree.Clear(table);
        Assert.Equal(0, tree.Count(table));
        BTreeTestUtil.AssertIntegrity(store, [1, table, index]);
        tree.Drop(index);
        BTreeTestUtil.AssertIntegrity(store, [1, table]);
        Assert.Equal(store.PageCount - 2, tree.FreelistCount);
        uint again = tree.CreateIndex();
        Assert.NotEqual(store.PageCount + 1, again);
        BTreeTestUtil.AssertIntegrity(store, [1, table, again]);
    }

    [Fact]
    public void IntegrityCheckReportsUnusedAndDoublyUsedPages()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint a = tree.CreateTable();
        uint b = tree.CreateTable();
        Assert.Equal(["Page 3: never used"], IntegrityChecker.Check(store, [1, a]));
        IReadOnlyList<string> twice = IntegrityChecker.Check(store, [1, a, b, b]);
        Assert.Contains(twice, m => m.Contains("2nd reference to page 3"));
        store.GetPage(1).Data[36] = 9; // freelist count in the header
        Assert.Contains(IntegrityChecker.Check(store, [1, a, b]), m => m.StartsWith("Freelist: size is 0 but should be"));
    }

    [Theory]
    [InlineData(512, 1)]
    [InlineData(4096, 2)]
    public void CorruptedPagesRaiseOnlyCorrupt(int pageSize, int seed)
    {
        var template = new MemoryPageStore(pageSize);
        var tree = new Tree(template);
        uint table = tree.CreateTable();
        uint index = tree.CreateIndex();
        var rng = new Random(seed);
        using (BTreeCursor t = tree.OpenTableCursor(table))
        using (BTreeCursor x = tree.OpenIndexCursor(index, KeyInfo.Default))
        {
            for (int i = 0; i < 300; i++)
            {
                t.Insert(i, RecordEncoder.Encode([SqlValue.Integer(i), SqlValue.Blob(BTreeTestUtil.RandomBytes(rng, i % 30 == 0 ? 2 * pageSize : 20))]));
                x.Insert(RecordEncoder.Encode([SqlValue.Text(new string('k', i % 50)), SqlValue.Integer(i)]));
            }
            for (int i = 0; i < 300; i += 4)
            {
                t.SeekRowid(i);
                t.Delete();
            }
        }
        byte[] image = template.Save();
        int detected = 0;
        for (int n = 0; n < 150; n++)
        {
            byte[] copy = (byte[])image.Clone();
            for (int k = rng.Next(1, 8); k > 0; k--) copy[rng.Next(100, copy.Length)] ^= (byte)(1 << rng.Next(8));
            MemoryPageStore store = MemoryPageStore.Load(copy);
            try
            {
                var t2 = new Tree(store);
                store.InWriteTransaction = true;
                using (BTreeCursor c = t2.OpenTableCursor(table))
                {
                    for (bool ok = c.First(); ok; ok = c.Next()) new RecordReader(c.GetPayload()).ToArray();
                    for (int i = 0; i < 20; i++)
                    {
                        c.Insert(rng.Next(400), BTreeTestUtil.RandomBytes(rng, rng.Next(0, 2 * pageSize)));
                        if (c.SeekRowid(rng.Next(400)) == SeekResult.Exact) c.Delete();
                    }
                }
                using (BTreeCursor c = t2.OpenIndexCursor(index, KeyInfo.Default))
                {
                    for (bool ok = c.Last(); ok; ok = c.Previous()) new RecordReader(c.GetPayload()).ToArray();
                }
                if (IntegrityChecker.Check(store, [1, table, index])[0] != "ok") detected++;
            }
            catch (MiniSqlException e)
            {
                Assert.True(e.ResultCode == ResultCode.Corrupt, $"seed {seed} case {n}: {e}");
                detected++;
            }
        }
        Assert.True(detected > 5, $"seed {seed}: only {detected} corruptions noticed");
    }

    private static (int Depth, List<double> Fill) Measure(MemoryPageStore store, uint root)
    {
        var fill = new List<double>();
        int depth = 0;
        void Walk(uint page, int level)
        {
            byte[] d = store.GetPage(page).Data;
            store.Release(store.GetPage(page));
            store.Release(store.GetPage(page));
            int hdr = page == 1 ? 100 : 0;
            int n = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(hdr + 3));
            int content = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(hdr + 5));
            bool leaf = d[hdr] >= 10;
            if (page != root) fill.Add((store.UsableSize - content + (2.0 * n)) / store.UsableSize);
            depth = Math.Max(depth, level);
            if (leaf) return;
            for (int i = 0; i < n; i++)
            {
                int pc = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(hdr + 12 + (2 * i)));
                Walk(BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(pc)), level + 1);
            }
            Walk(BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(hdr + 8)), level + 1);
        }
        Walk(root, 1);
        return (depth, fill);
    }
}
