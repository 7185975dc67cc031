using System.Reflection;
using MiniSql.Engine.Storage;
using MiniSql.Engine.Storage.Wal;
using MiniSql.Sql;

namespace MiniSql.TestWorker;

/// <summary>
/// wal_autocheckpoint and wal_checkpoint for a MiniSql <see cref="Database"/>: through the PRAGMAs when the SQL layer
/// answers them, else through the connection's pager (reached by reflection, as the worker has no internals access).
/// </summary>
internal static class WalControl
{
    /// <summary>Sets PRAGMA wal_autocheckpoint; 0 turns automatic checkpoints off.</summary>
    public static void SetAutoCheckpoint(Database db, int frames)
    {
        try
        {
            db.Execute($"PRAGMA wal_autocheckpoint={frames}");
            if (QueryLong(db, "PRAGMA wal_autocheckpoint") == frames)
                return;
        }
        catch (MiniSqlException)
        {
            // The PRAGMA is not available yet: fall through to the pager.
        }
        PagerOf(db).WalAutoCheckpoint = frames;
    }

    /// <summary>Runs PRAGMA wal_checkpoint(mode); returns (busy, log frames, checkpointed frames).</summary>
    public static (long Busy, long Log, long Checkpointed) Checkpoint(Database db, CheckpointMode mode)
    {
        try
        {
            using var st = db.Prepare($"PRAGMA wal_checkpoint({mode.ToString().ToUpperInvariant()})");
            if (st is not null && st.ColumnCount == 3 && st.Step())
            {
                var result = (st.Column(0).AsInteger, st.Column(1).AsInteger, st.Column(2).AsInteger);
                while (st.Step()) { }
                return result;
            }
        }
        catch (MiniSqlException e) when (e.ResultCode != ResultCode.Busy)
        {
            // The PRAGMA is not available yet: fall through to the pager.
        }
        var r = PagerOf(db).Checkpoint(mode);
        return (r.Busy ? 1 : 0, r.LogFrames, r.CheckpointedFrames);
    }

    /// <summary>First column of the first row of <paramref name="sql"/> as an integer (-1 when no row).</summary>
    public static long QueryLong(Database db, string sql)
    {
        using var st = db.Prepare(sql) ?? throw new InvalidOperationException("empty statement: " + sql);
        long value = st.Step() ? st.Column(0).AsInteger : -1;
        while (st.Step()) { }
        return value;
    }

    private static Pager PagerOf(Database db)
    {
        var property = typeof(Database).GetProperty("Pager", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            ?? throw new InvalidOperationException("Database has no Pager property");
        return (Pager)property.GetValue(db)!;
    }
}
