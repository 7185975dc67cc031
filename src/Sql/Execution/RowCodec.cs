using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;

namespace MiniSql.Sql.Execution;

/// <summary>Decodes table rows from b-tree payloads into frame registers (record format: "Database File Format" 2.1).</summary>
internal static class RowCodec
{
    /// <summary>
    /// Reads the row under <paramref name="cursor"/> into <paramref name="dest"/>[offset..]: one value per table column
    /// (columns missing from an old record take their DEFAULT, the rowid alias takes the rowid), then the rowid.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Read(BTreeCursor cursor, TableInfo table, SqlValue[] dest, int offset, ref byte[]? buffer, Func<int, SqlValue>? defaults)
    {
        long rowid = cursor.Rowid;
        var payload = cursor.TryGetLocalPayload(out var local) ? local : cursor.GetPayload(ref buffer);
        var reader = new RecordReader(payload);
        int n = table.Columns.Count;
        int have = Math.Min(reader.ColumnCount, n);
        for (int i = 0; i < have; i++) dest[offset + i] = reader.GetValue(i);
        for (int i = have; i < n; i++) dest[offset + i] = defaults is null ? SqlValue.Null : defaults(i);
        if (table.RowidAlias >= 0) dest[offset + table.RowidAlias] = SqlValue.Integer(rowid);
        dest[offset + n] = SqlValue.Integer(rowid);
    }
}
