using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using Tree = MiniSql.Engine.BTree.BTree;

namespace MiniSql.Engine.Tests.BTree;

public sealed class BTreeCursorTests
{
    private static (MemoryPageStore Store, Tree Tree, uint Root) IndexOfPairs(int pageSize)
    {
        // Entries (a, rowid) for a in 0..199 step 2, three rowids each: enough for several levels at 512 bytes.
        var store = new MemoryPageStore(pageSize);
        var tree = new Tree(store);
        uint root = tree.CreateIndex();
        using BTreeCursor c = tree.OpenIndexCursor(root, KeyInfo.Default);
        for (int a = 0; a < 200; a += 2)
            for (int r = 0; r < 3; r++)
                c.Insert(RecordEncoder.Encode([SqlValue.Integer(a), SqlValue.Text(new string('p', 30)), SqlValue.Integer(a * 10 + r)]));
        return (store, tree, root);
    }

    private static long FirstColumn(BTreeCursor c) => new RecordReader(c.GetPayload()).GetValue(0).AsInteger;

    private static long LastColumn(BTreeCursor c) => new RecordReader(c.GetPayload()).GetValue(2).AsInteger;

    [Theory]
    [InlineData(512)]
    [InlineData(4096)]
    public void RangeSeeksUsePrefixSemantics(int pageSize)
    {
        (MemoryPageStore store, Tree tree, uint root) = IndexOfPairs(pageSize);
        using BTreeCursor c = tree.OpenIndexCursor(root, KeyInfo.Default);
        Assert.True(c.SeekGE([SqlValue.Integer(50)]));
        Assert.Equal(500, LastColumn(c));
        Assert.True(c.SeekGT([SqlValue.Integer(50)]));
        Assert.Equal(520, LastColumn(c));
        Assert.True(c.SeekLE([SqlValue.Integer(50)]));
        Assert.Equal(502, LastColumn(c));
        Assert.True(c.SeekLT([SqlValue.Integer(50)]));
        Assert.Equal(482, LastColumn(c));
        Assert.True(c.SeekGE([SqlValue.Integer(51)]));
        Assert.Equal(52, FirstColumn(c));
        Assert.True(c.SeekLE([SqlValue.Real(50.5)]));
        Assert.Equal(502, LastColumn(c));
        Assert.False(c.SeekGT([SqlValue.Integer(198)]));
        Assert.False(c.SeekLT([SqlValue.Integer(0)]));
        Assert.True(c.SeekGE([SqlValue.Null]));
        Assert.Equal(0, LastColumn(c));
        Assert.False(c.SeekGE([SqlValue.Text("")]));
        Assert.Equal(SeekResult.Exact, c.Seek([SqlValue.Integer(100)]));
        Assert.Equal(100, FirstColumn(c));
        c.Dispose();
        Assert.Equal(0, store.PinnedPages);
    }

    [Fact]
    public void DeletingWhileIteratingVisitsEveryEntryOnce()
    {
        (MemoryPageStore store, Tree tree, uint root) = IndexOfPairs(512);
        var seen = new List<long>();
        using (BTreeCursor c = tree.OpenIndexCursor(root, KeyInfo.Default))
        {
            for (bool ok = c.First(); ok; ok = c.Next())
            {
                long rowid = LastColumn(c);
                seen.Add(rowid);
                if (rowid % 2 == 0) c.Delete();
            }
        }
        Assert.Equal(300, seen.Count);
        Assert.Equal(seen.OrderBy(x => x), seen);
        Assert.Equal(100, tree.Count(root));
        BTreeTestUtil.AssertIntegrity(store, [1, root], _ => KeyInfo.Default);

        using (BTreeCursor c = tree.OpenIndexCursor(root, KeyInfo.Default))
        {
            int n = 0;
            for (bool ok = c.Last(); ok; ok = c.Previous())
            {
                c.Delete();
                n++;
            }
            Assert.Equal(100, n);
        }
        Assert.Equal(0, tree.Count(root));
        BTreeTestUtil.AssertIntegrity(store, [1, root], _ => KeyInfo.Default);
    }

    [Fact]
    public void OtherCursorsKeepTheirPositionAcrossModifications()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        using BTreeCursor writer = tree.OpenTableCursor(root);
        for (int i = 0; i < 1000; i += 2) writer.Insert(i, new byte[40]);
        using BTreeCursor reader = tree.OpenTableCursor(root);
        Assert.Equal(SeekResult.Exact, reader.SeekRowid(500));
        for (int i = 1; i < 1000; i += 2) writer.Insert(i, new byte[60]); // splits pages under the reader
        Assert.Equal(500, reader.Rowid);
        Assert.True(reader.Next());
        Assert.Equal(501, reader.Rowid);
        Assert.Equal(SeekResult.Exact, writer.SeekRowid(502));
        writer.Delete();
        Assert.True(reader.Next());
        Assert.Equal(503, reader.Rowid);
        Assert.Equal(SeekResult.Exact, writer.SeekRowid(503));
        writer.Delete();
        Assert.True(reader.Previous());
        Assert.Equal(501, reader.Rowid);
        Assert.Equal(SeekResult.EntryGreater, reader.SeekRowid(502));
        Assert.Equal(SeekResult.EntryLess, reader.SeekRowid(5000));
        Assert.Equal(999, reader.Rowid);
    }

    [Fact]
    public void WritesOutsideATransactionAreMisuse()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint root = tree.CreateTable();
        store.InWriteTransaction = false;
        using BTreeCursor c = tree.OpenTableCursor(root);
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => c.Insert(1, [])).ResultCode);
        Assert.Equal(ResultCode.Misuse, Assert.Throws<MiniSqlException>(() => c.Seek([SqlValue.Null])).ResultCode);
    }

    [Fact]
    public void SchemaTableRowsRoundTrip()
    {
        var store = new MemoryPageStore(512);
        var tree = new Tree(store);
        uint t = tree.CreateTable();
        uint i = tree.CreateIndex();
        Assert.Equal(1, SchemaTable.Insert(tree, "table", "t", "t", t, "CREATE TABLE t(a)"));
        Assert.Equal(2, SchemaTable.Insert(tree, "index", "i", "t", i, "CREATE INDEX i ON t(a)"));
        for (int n = 0; n < 40; n++) SchemaTable.Insert(tree, "view", "v" + n, "v" + n, 0, "CREATE VIEW v" + n + " AS SELECT " + new string('1', 50));
        List<SchemaRow> rows = SchemaTable.ReadAll(tree);
        Assert.Equal(42, rows.Count);
        Assert.Equal(new SchemaRow(2, "index", "i", "t", i, "CREATE INDEX i ON t(a)"), rows[1]);
        Assert.True(SchemaTable.Delete(tree, 1));
        Assert.False(SchemaTable.Delete(tree, 1));
        Assert.Equal(41, SchemaTable.ReadAll(tree).Count);
        BTreeTestUtil.AssertIntegrity(store, [1, t, i]);
    }
}
