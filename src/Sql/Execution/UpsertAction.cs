using MiniSql.Engine.Records;
using MiniSql.Sql.Catalog;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// One compiled <c>ON CONFLICT [(target)] DO NOTHING | DO UPDATE SET .. [WHERE ..]</c> clause ("UPSERT"): which
/// uniqueness constraint it handles and, for DO UPDATE, the SET expressions over the existing row (its own frame)
/// and the row that was to be inserted (<c>excluded</c>, the parent frame).
/// </summary>
internal sealed class UpsertAction
{
    /// <summary>Constraint handled: <see cref="AnyConstraint"/>, <see cref="RowidConstraint"/>, or an index of the table.</summary>
    public required int Target { get; init; }

    /// <summary>The conflict target names no constraint: the clause handles every uniqueness constraint.</summary>
    public const int AnyConstraint = -2;

    /// <summary>The conflict target is the INTEGER PRIMARY KEY (rowid).</summary>
    public const int RowidConstraint = -1;

    /// <summary>DO NOTHING.</summary>
    public required bool DoNothing { get; init; }

    /// <summary>Registers of the existing row (columns then rowid).</summary>
    public Frame? Row { get; init; }

    /// <summary>Registers of the excluded row (columns then rowid).</summary>
    public Frame? Excluded { get; init; }

    /// <summary>SET assignments: column (-1 = rowid) and value.</summary>
    public (int Column, CompiledExpr Value)[] Assignments { get; init; } = [];

    /// <summary>True for columns the SET assigns.</summary>
    public bool[] Assigned { get; init; } = [];

    /// <summary>The DO UPDATE WHERE condition, or null.</summary>
    public CompiledExpr? Where { get; init; }

    /// <summary>UPDATE triggers the DO UPDATE fires, or null.</summary>
    public TriggerSet? Triggers { get; init; }

    /// <summary>
    /// Computes the updated row for the existing row <paramref name="old"/> and the <paramref name="excluded"/> row
    /// (both: values then rowid); null when the WHERE condition rejects it.
    /// </summary>
    public (SqlValue[] Row, long Rowid)? NewValues(TableInfo table, SqlValue[] old, SqlValue[] excluded)
    {
        Row!.Values = (SqlValue[])old.Clone();
        Excluded!.Values = excluded;
        if (Where is not null && SqlConvert.IsTrue(Where.Eval()) != true) return null;
        int n = table.Columns.Count;
        var row = old.AsSpan(0, n).ToArray();
        long oldRowid = old[n].AsInteger, newRowid = oldRowid;
        var computed = new SqlValue[Assignments.Length];
        for (int i = 0; i < computed.Length; i++) computed[i] = Assignments[i].Value.Eval();
        for (int i = 0; i < computed.Length; i++)
        {
            int c = Assignments[i].Column;
            if (c < 0 || c == table.RowidAlias)
            {
                var iv = AffinityRules.Apply(computed[i], Affinity.Integer);
                if (iv.IsNull && c == table.RowidAlias) iv = SqlValue.Integer(oldRowid);
                if (iv.Type != StorageClass.Integer) ThrowHelper.Throw(ResultCode.Mismatch, "datatype mismatch");
                newRowid = iv.AsInteger;
            }
            else
            {
                row[c] = AffinityRules.Apply(computed[i], table.Columns[c].Affinity);
            }
        }
        if (table.RowidAlias >= 0) row[table.RowidAlias] = SqlValue.Integer(newRowid);
        return (row, newRowid);
    }
}
