using MiniSql.Engine.Records;
using MiniSql.Sql.Execution;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql;

/// <summary>
/// A prepared statement (sqlite3_stmt): bind parameters, <see cref="Step"/> through result rows, read columns,
/// <see cref="Reset"/> to run again. Rows stream from the plan; column values are valid until the next Step.
/// </summary>
public sealed class Statement : IDisposable
{
    private readonly Database _database;
    private readonly Parsing.Ast.Statement _ast;
    private RunContext _run;
    private Executable _executable;
    private int _generation;
    private bool _started;
    private bool _done;
    private int _savepointDepth = -1;
    private long _modificationsAtStart;
    private bool _disposed;

    internal Statement(Database database, string sql, Parsing.Ast.Statement ast)
    {
        _database = database;
        _ast = ast;
        Sql = ast.GetText(sql);
        _run = new RunContext(database, ast.Parameters.Length) { Sql = sql };
        _executable = Compile();
    }

    private Executable Compile()
    {
        _generation = _database.SchemaGeneration;
        Executable result = null!;
        _database.WithReadTransaction(() =>
        {
            _database.EnsureSchema();
            var compiler = new QueryCompiler(_database, _run);
            result = compiler.CompileStatement(_ast);
        });
        _generation = _database.SchemaGeneration;
        return result;
    }

    /// <summary>The statement's SQL text (sqlite3_sql).</summary>
    public string Sql { get; }

    /// <summary>True when the statement does not write the database (sqlite3_stmt_readonly).</summary>
    public bool IsReadOnly => !_executable.Writes;

    /// <summary>Number of parameters (sqlite3_bind_parameter_count): the largest index used.</summary>
    public int ParameterCount => _ast.Parameters.Length;

    /// <summary>The name of parameter <paramref name="index"/> (1-based) including its prefix, or null for "?".</summary>
    public string? ParameterName(int index) =>
        index >= 1 && index <= _ast.Parameters.Length ? _ast.Parameters[index - 1] : null;

    /// <summary>The 1-based index of a named parameter (with its prefix, e.g. ":a"), or 0.</summary>
    public int ParameterIndex(string name)
    {
        for (int i = 0; i < _ast.Parameters.Length; i++)
        {
            if (string.Equals(_ast.Parameters[i], name, StringComparison.Ordinal)) return i + 1;
        }
        return 0;
    }

    /// <summary>Binds a value to parameter <paramref name="index"/> (1-based).</summary>
    /// <exception cref="MiniSqlException">SQLITE_RANGE for a bad index; SQLITE_MISUSE while running.</exception>
    public void Bind(int index, SqlValue value)
    {
        if (index < 1 || index > _run.Parameters.Length) ThrowHelper.Throw(ResultCode.Range, "column index out of range");
        if (_started && !_done) ThrowHelper.Throw(ResultCode.Misuse, "bad parameter or other API misuse");
        _run.Parameters[index - 1] = value;
    }

    /// <summary>Sets every parameter to NULL (sqlite3_clear_bindings).</summary>
    public void ClearBindings() => Array.Clear(_run.Parameters);

    /// <summary>
    /// A token that interrupts the statement like <see cref="Database.Interrupt"/> once cancelled: the running or next
    /// <see cref="Step"/> fails with SQLITE_INTERRUPT. Unlike the connection's interrupt flag it is never cleared by
    /// the statement starting, so a token cancelled just before a run still stops it. Default: none.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get => _run.CancellationToken;
        set => _run.CancellationToken = value;
    }

    /// <summary>Number of result columns (sqlite3_column_count).</summary>
    public int ColumnCount => _executable.Columns.Length;

    /// <summary>The name of result column <paramref name="i"/> (sqlite3_column_name).</summary>
    public string ColumnName(int i) => Meta(i).Name;

    /// <summary>The declared type of a result column that reads a table column, else null (sqlite3_column_decltype).</summary>
    public string? ColumnDeclaredType(int i) => Meta(i).DeclaredType;

    /// <summary>The table a result column reads from, or null (sqlite3_column_table_name).</summary>
    public string? ColumnTableName(int i) => Meta(i).TableName;

    /// <summary>The table column a result column reads, or null (sqlite3_column_origin_name).</summary>
    public string? ColumnOriginName(int i) => Meta(i).OriginName;

    private ColumnMeta Meta(int i)
    {
        if (i < 0 || i >= _executable.Columns.Length) ThrowHelper.Throw(ResultCode.Range, "column index out of range");
        return _executable.Columns[i];
    }

    /// <summary>The value of column <paramref name="i"/> of the current row (sqlite3_column_value).</summary>
    public SqlValue Column(int i)
    {
        if (i < 0 || i >= _executable.Columns.Length) ThrowHelper.Throw(ResultCode.Range, "column index out of range");
        if (!_started || _done) return SqlValue.Null;
        return _executable.Row[i];
    }

    /// <summary>
    /// Runs the statement to its next result row (sqlite3_step): true when a row is available, false when done.
    /// After false, call <see cref="Reset"/> to run again (Step also resets automatically, as sqlite3_step does).
    /// </summary>
    /// <exception cref="MiniSqlException">Any error; the statement is then reset.</exception>
    public bool Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_done) Reset();
        // 'now' is read once per step: every date/time function in this step sees the same instant (SQLite).
        _database.FunctionContext.BeginStep();
        try
        {
            if (!_started)
            {
                _started = true;
                if (_executable.ManagesTransaction)
                {
                    _savepointDepth = -1;
                }
                else
                {
                    // -1 until BeginStatement succeeds: if it throws (BUSY), Finish must not end a statement
                    // that never began (that drove the active-statement count negative and kept the read lock).
                    _savepointDepth = -1;
                    _savepointDepth = _database.BeginStatement(_executable.Writes, NeedsJournal());
                    if (_generation != _database.SchemaGeneration)
                    {
                        _executable = new QueryCompiler(_database, _run).CompileStatement(_ast);
                        _generation = _database.SchemaGeneration;
                        if (NeedsJournal()) _savepointDepth = _database.JournalStatement(_savepointDepth);
                    }
                    _modificationsAtStart = _database.Tree.ModificationCount;
                }
                _run.Epoch++;
                _executable.Open();
            }
            if (_executable.Next()) return true;
            if (_executable.Writes && _database.ForeignKeys)
                Execution.ForeignKeyEnforcer.CheckStatementEnd(_database, autocommit: !_database.InExplicitTransaction);
            Finish(success: true, null);
            return false;
        }
        catch (Exception ex) when (ex is MiniSqlException || ex is InvalidOperationException || ex is ArgumentException || ex is OverflowException || ex is IndexOutOfRangeException || ex is NullReferenceException || ex is InvalidCastException || ex is KeyNotFoundException)
        {
            // A collation's error inside Array.Sort/SortedSet reaches here wrapped in InvalidOperationException.
            var error = ex as MiniSqlException ?? ex.InnerException as MiniSqlException
                ?? new MiniSqlException(ResultCode.Internal, "internal error: " + ex.Message, ex);
            Finish(success: false, error);
            if (error is ConstraintException) throw new MiniSqlException(error.ExtendedResultCode, error.Message);
            if (error != ex) throw error;
            throw;
        }
    }

    /// <summary>True when the statement needs a statement savepoint to undo a failure part-way through its changes.</summary>
    private bool NeedsJournal() => _executable.NeedsStatementJournal(_database);

    private void Finish(bool success, MiniSqlException? error)
    {
        if (_done) return;
        _done = true;
        try
        {
            _executable.Close();
        }
        finally
        {
            if (_savepointDepth >= 0 && _started)
            {
                var resolution = (error as ConstraintException)?.Resolution ?? Parsing.Ast.ConflictResolution.Abort;
                // Without a savepoint a failure after the first change cannot be undone alone: roll the transaction back.
                bool partial = !success && _savepointDepth == Database.Unjournaled
                    && _database.Tree.ModificationCount != _modificationsAtStart && resolution != Parsing.Ast.ConflictResolution.Fail;
                _database.EndStatement(_savepointDepth, success,
                    keepChanges: resolution == Parsing.Ast.ConflictResolution.Fail,
                    rollbackTransaction: resolution == Parsing.Ast.ConflictResolution.Rollback || partial);
            }
            _savepointDepth = -1;
        }
    }

    /// <summary>Resets the statement so the next Step runs it again (bindings are kept).</summary>
    public void Reset()
    {
        if (_started && !_done) Finish(success: true, null);
        _started = false;
        _done = false;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        Reset();
        _disposed = true;
    }
}
