using MiniSql.Engine.Records;

namespace MiniSql.Engine.BTree;

/// <summary>
/// Reads and edits the rows of sqlite_schema, the table b-tree rooted at page 1 (its header follows the 100-byte
/// database header). The SQL layer parses the <see cref="SchemaRow.Sql"/> text; callers bump the schema cookie.
/// </summary>
public static class SchemaTable
{
    /// <summary>The root page of sqlite_schema.</summary>
    public const uint RootPage = 1;

    /// <summary>Every schema row in rowid order. SQLITE_CORRUPT for a malformed row.</summary>
    public static List<SchemaRow> ReadAll(BTree tree)
    {
        var rows = new List<SchemaRow>();
        using BTreeCursor c = tree.OpenTableCursor(RootPage);
        byte[]? buffer = null;
        for (bool ok = c.First(); ok; ok = c.Next())
        {
            var r = new RecordReader(c.GetPayload(ref buffer));
            if (r.ColumnCount < 5) ThrowHelper.Corrupt("malformed sqlite_schema row");
            SqlValue root = r.GetValue(3);
            SqlValue sql = r.GetValue(4);
            long rootPage = root.Type == StorageClass.Integer ? root.AsInteger : 0;
            if (rootPage < 0 || rootPage > uint.MaxValue) ThrowHelper.Corrupt("malformed sqlite_schema row");
            rows.Add(new SchemaRow(
                c.Rowid,
                TextOf(r.GetValue(0)),
                TextOf(r.GetValue(1)),
                TextOf(r.GetValue(2)),
                (uint)rootPage,
                sql.Type == StorageClass.Text ? sql.AsString : null));
        }
        return rows;
    }

    /// <summary>The record SQLite stores for a schema row.</summary>
    public static byte[] Encode(string type, string name, string tableName, uint rootPage, string? sql) =>
        RecordEncoder.Encode(
        [
            SqlValue.Text(type),
            SqlValue.Text(name),
            SqlValue.Text(tableName),
            SqlValue.Integer(rootPage),
            sql is null ? SqlValue.Null : SqlValue.Text(sql),
        ]);

    /// <summary>Appends a schema row with the next rowid; returns that rowid.</summary>
    public static long Insert(BTree tree, string type, string name, string tableName, uint rootPage, string? sql)
    {
        using BTreeCursor c = tree.OpenTableCursor(RootPage);
        long rowid = c.Last() ? c.Rowid + 1 : 1;
        c.Insert(rowid, Encode(type, name, tableName, rootPage, sql));
        return rowid;
    }

    /// <summary>Deletes the schema row with <paramref name="rowid"/>; false when there is none.</summary>
    public static bool Delete(BTree tree, long rowid)
    {
        using BTreeCursor c = tree.OpenTableCursor(RootPage);
        if (c.SeekRowid(rowid) != SeekResult.Exact) return false;
        c.Delete();
        return true;
    }

    private static string TextOf(SqlValue v) => v.Type == StorageClass.Text ? v.AsString : v.ToString();
}
