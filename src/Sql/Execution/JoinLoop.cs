using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Execution;

/// <summary>
/// Nested-loop join over the levels of one SELECT core, in FROM order. Each call to <see cref="Next"/> resumes
/// the innermost loop and returns when every level has a row that passes its filters. LEFT JOIN levels that
/// found no matching row produce one NULL row.
/// </summary>
internal sealed class JoinLoop
{
    private readonly Level[] _levels;
    private readonly List<CompiledExpr> _constantFilters;
    private readonly RunContext _run;
    private bool _started;
    private bool _done;

    /// <summary>Creates a loop.</summary>
    public JoinLoop(Level[] levels, List<CompiledExpr> constantFilters, RunContext run)
    {
        _levels = levels;
        _constantFilters = constantFilters;
        _run = run;
    }

    /// <summary>The levels, outermost first.</summary>
    public Level[] Levels => _levels;

    /// <summary>Restarts the loop.</summary>
    public void Open()
    {
        _started = false;
        _done = false;
    }

    /// <summary>Closes every level's cursors.</summary>
    public void Close()
    {
        foreach (var level in _levels) level.Close();
    }

    private static bool Pass(List<CompiledExpr> filters)
    {
        for (int i = 0; i < filters.Count; i++)
        {
            if (SqlConvert.IsTrue(filters[i].Eval()) != true) return false;
        }
        return true;
    }

    /// <summary>Advances to the next joined row.</summary>
    public bool Next()
    {
        if (_done) return false;
        int n = _levels.Length;
        int d;
        if (!_started)
        {
            _started = true;
            if (!Pass(_constantFilters)) { _done = true; return false; }
            if (n == 0) return true;
            d = 0;
            Begin(0);
        }
        else
        {
            if (n == 0) { _done = true; return false; }
            d = n - 1;
        }
        _run.CheckInterrupt();
        while (true)
        {
            _run.CheckInterrupt();
            var level = _levels[d];
            bool accepted = false;
            if (!level.Exhausted)
            {
                while (level.Next())
                {
                    if (level.OnFilters.Count > 0 && !Pass(level.OnFilters)) continue;
                    level.Matched = true;
                    if (!Pass(level.Filters)) continue;
                    accepted = true;
                    break;
                }
                if (!accepted) level.Exhausted = true;
            }
            if (!accepted && level.Exhausted)
            {
                if (level.LeftJoin && !level.Matched && !level.NullEmitted)
                {
                    level.NullEmitted = true;
                    level.SetNullRow();
                    accepted = Pass(level.Filters);
                }
                if (!accepted)
                {
                    if (d == 0) { _done = true; return false; }
                    d--;
                    continue;
                }
            }
            if (d == n - 1) return true;
            d++;
            Begin(d);
        }
    }

    private void Begin(int d)
    {
        var level = _levels[d];
        level.Matched = false;
        level.Exhausted = false;
        level.NullEmitted = false;
        level.Open();
    }
}
