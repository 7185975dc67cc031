using System.Buffers;
using MiniSql.Engine.BTree;
using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Parsing.Ast;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Writes rows of one table with its indexes: constraint checks in SQLite's order (NOT NULL, CHECK, rowid,
/// UNIQUE indexes), conflict resolution (ABORT/FAIL/ROLLBACK raise, IGNORE skips, REPLACE deletes the conflicting
/// rows), and index maintenance (index record = key columns + rowid).
/// </summary>
internal sealed class TableWriter : IDisposable
{
    private readonly Database _database;
    private readonly TableInfo _table;
    private readonly BTreeCursor _cursor;
    private readonly BTreeCursor[] _indexCursors;
    private readonly Func<SqlValue[], bool>[] _checks;
    private readonly Func<int, SqlValue> _defaults;
    private byte[]? _buffer;
    private QueryCompiler? _compiler;

    /// <summary>Opens cursors on the table and its indexes. <paramref name="checks"/> evaluate CHECK constraints against a row.</summary>
    public TableWriter(Database database, TableInfo table, Func<SqlValue[], bool>[] checks, Func<int, SqlValue> defaults)
    {
        _database = database;
        _table = table;
        _cursor = database.Tree.OpenTableCursor(table.RootPage);
        _indexCursors = new BTreeCursor[table.Indexes.Count];
        for (int i = 0; i < _indexCursors.Length; i++) _indexCursors[i] = database.Tree.OpenIndexCursor(table.Indexes[i].RootPage, table.Indexes[i].KeyInfo);
        _checks = checks;
        _defaults = defaults;
    }

    /// <summary>The largest rowid + 1 (1 for an empty table); a random unused rowid when the largest is i64 max.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public long NewRowid()
    {
        if (!_cursor.Last()) return 1;
        long max = _cursor.Rowid;
        if (max < long.MaxValue) return max + 1;
        var random = new Random();
        for (int i = 0; i < 100; i++)
        {
            long candidate = random.NextInt64(1, long.MaxValue);
            if (_cursor.SeekRowid(candidate) != SeekResult.Exact) return candidate;
        }
        ThrowHelper.Throw(ResultCode.Full, "database or disk is full");
        return 0;
    }

    /// <summary>A compiler for the writers that foreign key actions open on child tables.</summary>
    private QueryCompiler Compiler => _compiler ??= new QueryCompiler(_database, new RunContext(_database, 0));

    /// <summary>The DEFAULT value of <paramref name="column"/> (NULL when it has none).</summary>
    public SqlValue DefaultValue(int column) => _defaults(column);

    /// <summary>
    /// DELETE triggers to fire for rows removed by REPLACE conflict resolution (set only while recursive_triggers
    /// is on); null fires none.
    /// </summary>
    public TriggerSet? ReplaceTriggers { get; set; }

    /// <summary>Removes a row that conflicts under REPLACE, firing <see cref="ReplaceTriggers"/> around the delete.</summary>
    private void ReplaceDelete(long rowid)
    {
        if (ReplaceTriggers is not { } triggers)
        {
            DeleteRow(rowid);
            return;
        }
        var old = ReadRow(rowid);
        if (old is null) return;
        if (triggers.HasBefore) triggers.Fire(TriggerTime.Before, old, null);
        if (!DeleteRow(rowid)) return;
        if (triggers.HasAfter) triggers.Fire(TriggerTime.After, old, null);
    }

    /// <summary>Largest rowid in the table, or 0.</summary>
    public long MaxRowid() => _cursor.Last() ? _cursor.Rowid : 0;

    private static ConflictResolution Pick(ConflictResolution statement, ConflictResolution constraint)
    {
        if (statement != ConflictResolution.Default) return statement;
        return constraint == ConflictResolution.Default ? ConflictResolution.Abort : constraint;
    }

    private static void Raise(ResultCode code, string message, ConflictResolution resolution) =>
        throw new ConstraintException(code, message, resolution);

    /// <summary>
    /// Checks constraints and writes <paramref name="row"/> (one value per column, affinity applied) with
    /// <paramref name="rowid"/>. <paramref name="oldRowid"/> is the row being updated (its own entries do not
    /// conflict), or null for an insert. Returns false when the row was skipped by IGNORE.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Write(SqlValue[] row, long rowid, long? oldRowid, ConflictResolution onConflict)
    {
        // NOT NULL.
        for (int i = 0; i < _table.Columns.Count; i++)
        {
            var column = _table.Columns[i];
            if (!column.NotNull || i == _table.RowidAlias || !row[i].IsNull) continue;
            var resolution = Pick(onConflict, column.NotNullConflict);
            if (resolution == ConflictResolution.Ignore) return false;
            if (resolution == ConflictResolution.Replace && column.Default is not null)
            {
                row[i] = AffinityRules.Apply(_defaults(i), column.Affinity);
                if (!row[i].IsNull) continue;
            }
            if (resolution == ConflictResolution.Replace) resolution = ConflictResolution.Abort;
            Raise(ResultCode.ConstraintNotNull, $"NOT NULL constraint failed: {_table.Name}.{column.Name}", resolution);
        }
        // CHECK.
        if (_checks.Length > 0)
        {
            var withRowid = new SqlValue[row.Length + 1];
            Array.Copy(row, withRowid, row.Length);
            withRowid[row.Length] = SqlValue.Integer(rowid);
            if (_table.RowidAlias >= 0) withRowid[_table.RowidAlias] = SqlValue.Integer(rowid);
            for (int i = 0; i < _checks.Length; i++)
            {
                if (_checks[i](withRowid)) continue;
                var resolution = Pick(onConflict, ConflictResolution.Default);
                if (resolution == ConflictResolution.Ignore) return false;
                if (resolution == ConflictResolution.Replace) resolution = ConflictResolution.Abort;
                var check = _table.Checks[i];
                Raise(ResultCode.ConstraintCheck, "CHECK constraint failed: " + (check.Name ?? check.Text), resolution);
            }
        }
        // rowid uniqueness.
        if (oldRowid != rowid && _cursor.SeekRowid(rowid) == SeekResult.Exact)
        {
            var resolution = Pick(onConflict, _table.RowidConflict);
            if (resolution == ConflictResolution.Ignore) return false;
            if (resolution == ConflictResolution.Replace)
            {
                ReplaceDelete(rowid);
            }
            else
            {
                string column = _table.RowidAlias >= 0 ? _table.Columns[_table.RowidAlias].Name : "rowid";
                Raise(ResultCode.ConstraintPrimaryKey, $"UNIQUE constraint failed: {_table.Name}.{column}", resolution);
            }
        }
        // UNIQUE indexes, newest first: SQLite links each index it parses from sqlite_schema at the head of the
        // table's list, and checks constraints in list order.
        for (int x = _table.Indexes.Count - 1; x >= 0; x--)
        {
            var index = _table.Indexes[x];
            if (!index.Unique) continue;
            var key = KeyPrefix(index, row, rowid);
            bool hasNull = false;
            foreach (var v in key) hasNull |= v.IsNull;
            if (hasNull) continue;
            while (true)
            {
                long? other = FindConflict(x, key, oldRowid ?? long.MinValue, rowid);
                if (other is null) break;
                var resolution = Pick(onConflict, index.OnConflict);
                if (resolution == ConflictResolution.Ignore) return false;
                if (resolution == ConflictResolution.Replace)
                {
                    ReplaceDelete(other.Value);
                    continue;
                }
                var names = new List<string>();
                foreach (int c in index.Columns) names.Add(_table.Name + "." + (c < 0 ? "rowid" : _table.Columns[c].Name));
                Raise(index.Origin == "pk" ? ResultCode.ConstraintPrimaryKey : ResultCode.ConstraintUnique,
                    "UNIQUE constraint failed: " + string.Join(", ", names), resolution);
            }
        }
        bool foreignKeys = ForeignKeyEnforcer.Applies(_database, _table);
        SqlValue[]? oldRow = oldRowid is long previous ? ReadRow(previous) : null;
        SqlValue[]? fullRow = null;
        if (foreignKeys)
        {
            fullRow = (SqlValue[])row.Clone();
            if (_table.RowidAlias >= 0) fullRow[_table.RowidAlias] = SqlValue.Integer(rowid);
            if (oldRow is not null) ForeignKeyEnforcer.BeforeUpdate(_database, Compiler, _table, oldRow, oldRowid!.Value, fullRow, rowid);
        }
        // Write: remove the old row's entries, then insert the new ones.
        if (oldRowid is long old)
        {
            if (foreignKeys) oldRow = ReadRow(old); // ON UPDATE actions may have moved cursors or rows
            if (oldRow is not null) DeleteIndexEntries(oldRow, old);
            if (old != rowid && _cursor.SeekRowid(old) == SeekResult.Exact) _cursor.Delete();
        }
        InsertRecord(row, rowid);
        for (int x = 0; x < _table.Indexes.Count; x++)
        {
            _indexCursors[x].Insert(RecordEncoder.Encode(IndexRecord(_table.Indexes[x], row, rowid)));
        }
        if (foreignKeys) ForeignKeyEnforcer.AfterWrite(_database, _table, oldRow, oldRowid ?? rowid, fullRow!, rowid);
        return true;
    }

    /// <summary>
    /// Encodes <paramref name="row"/> into a pooled buffer and inserts it as the table row <paramref name="rowid"/>;
    /// a rowid alias column is stored as NULL (the value lives in the key), restored in the row afterwards.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void InsertRecord(SqlValue[] row, long rowid)
    {
        int alias = _table.RowidAlias;
        SqlValue aliasValue = alias >= 0 ? row[alias] : default;
        if (alias >= 0) row[alias] = SqlValue.Null;
        byte[]? rented = null;
        try
        {
            int size = RecordEncoder.ComputeSize(row);
            Span<byte> record = size <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(size));
            int written = RecordEncoder.Encode(row, record);
            _cursor.Insert(rowid, record[..written]);
        }
        finally
        {
            if (alias >= 0) row[alias] = aliasValue;
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static SqlValue[] KeyPrefix(IndexInfo index, SqlValue[] row, long rowid)
    {
        var key = new SqlValue[index.Columns.Length];
        for (int k = 0; k < key.Length; k++) key[k] = index.Columns[k] < 0 ? SqlValue.Integer(rowid) : row[index.Columns[k]];
        return key;
    }

    /// <summary>The index record: key columns then rowid.</summary>
    public static SqlValue[] IndexRecord(IndexInfo index, SqlValue[] row, long rowid)
    {
        var key = new SqlValue[index.Columns.Length + 1];
        for (int k = 0; k < index.Columns.Length; k++) key[k] = index.Columns[k] < 0 ? SqlValue.Integer(rowid) : row[index.Columns[k]];
        key[^1] = SqlValue.Integer(rowid);
        return key;
    }

    private long? FindConflict(int indexNumber, SqlValue[] key, long oldRowid, long newRowid)
    {
        var cursor = _indexCursors[indexNumber];
        var keyInfo = _table.Indexes[indexNumber].KeyInfo;
        if (!cursor.SeekGE(key)) return null;
        do
        {
            var record = cursor.GetPayload(ref _buffer);
            if (RecordComparer.Compare(record, key, keyInfo) != 0) return null;
            var reader = new RecordReader(record);
            long other = reader.GetValue(reader.ColumnCount - 1).AsInteger;
            if (other != oldRowid && other != newRowid) return other;
        }
        while (cursor.Next());
        return null;
    }

    /// <summary>True when a row with <paramref name="rowid"/> exists.</summary>
    public bool RowExists(long rowid) => _cursor.SeekRowid(rowid) == SeekResult.Exact;

    /// <summary>The rowid of another row with the same key as <paramref name="row"/> in UNIQUE index number <paramref name="indexNumber"/>, or null.</summary>
    public long? FindUniqueConflict(int indexNumber, SqlValue[] row, long rowid)
    {
        var key = KeyPrefix(_table.Indexes[indexNumber], row, rowid);
        foreach (var v in key)
        {
            if (v.IsNull) return null;
        }
        return FindConflict(indexNumber, key, long.MinValue, rowid);
    }

    /// <summary>Reads the stored row (one value per column, rowid alias filled), or null.</summary>
    public SqlValue[]? ReadRow(long rowid)
    {
        if (_cursor.SeekRowid(rowid) != SeekResult.Exact) return null;
        var values = new SqlValue[_table.Columns.Count + 1];
        RowCodec.Read(_cursor, _table, values, 0, ref _buffer, _defaults);
        return values;
    }

    private void DeleteIndexEntries(SqlValue[] row, long rowid)
    {
        for (int x = 0; x < _table.Indexes.Count; x++)
        {
            var key = IndexRecord(_table.Indexes[x], row, rowid);
            if (_indexCursors[x].Seek(key) == SeekResult.Exact) _indexCursors[x].Delete();
        }
    }

    /// <summary>Deletes a row and its index entries; false when absent.</summary>
    public bool DeleteRow(long rowid)
    {
        var row = ReadRow(rowid);
        if (row is null) return false;
        if (ForeignKeyEnforcer.Applies(_database, _table))
        {
            ForeignKeyEnforcer.BeforeDelete(_database, Compiler, _table, row, rowid);
            row = ReadRow(rowid);
            if (row is null) return false;
        }
        DeleteIndexEntries(row, rowid);
        if (_cursor.SeekRowid(rowid) == SeekResult.Exact) _cursor.Delete();
        return true;
    }

    /// <summary>Detaches the cursors until <see cref="Reopen"/> (a writer kept by a prepared plan between runs).</summary>
    public void Close()
    {
        _cursor.Close();
        foreach (var c in _indexCursors) c.Close();
    }

    /// <summary>Attaches the cursors detached by <see cref="Close"/> again.</summary>
    public TableWriter Reopen()
    {
        _cursor.Reopen();
        foreach (var c in _indexCursors) c.Reopen();
        return this;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cursor.Dispose();
        foreach (var c in _indexCursors) c.Dispose();
    }
}
