namespace MiniSql.OracleTests.Infrastructure;

/// <summary>
/// One SQL engine as the sqllogictest runner and the differential runner see it: a fresh database per
/// instance, SQL text in, typed values (storage class + value, as <see cref="MiniSql.Engine.Records.SqlValue"/>)
/// out, and errors as <see cref="SqlEngineException"/> carrying SQLite's result code and message.
/// </summary>
/// <remarks>
/// Implementations: <see cref="SqliteEngine"/> (real SQLite through Microsoft.Data.Sqlite, the oracle).
/// Adding MiniSql (whoever lands <c>MiniSql.Sql.Database</c>/<c>Statement</c> does this): write a
/// <c>MiniSqlEngine : ISqlEngine</c> in this folder that opens a fresh in-memory (or temp-file) database,
/// implements <see cref="Execute"/> by preparing each statement of the text in turn (using the unparsed tail)
/// and stepping it to completion, and <see cref="Query"/> by preparing only the first statement (a prepare
/// failure is thrown) and stepping it, returning the rows produced so far plus the step failure in
/// <see cref="QueryResult.StepError"/>. Catch <c>MiniSqlException</c> and rethrow it as
/// <see cref="SqlEngineException"/> with <c>SqliteErrorCode</c>, <c>SqliteExtendedErrorCode</c> and the bare
/// message; fill <see cref="QueryResult.ColumnNames"/> if the API exposes them (they are then compared). Values are
/// the engine's own <c>SqlValue</c>s, unconverted. Then call
/// <c>SqlLogicTestRunner.RunCorpus(TestPaths.CorpusDirectory(), () =&gt; new MiniSqlEngine(), new SltRunOptions { FileTimeBudget = ... })</c>
/// (per-file and per-folder counts; assert a floor and raise it as the engine improves) and
/// <c>DifferentialRunner.Run(new SqliteEngine(), new MiniSqlEngine(), seed, cases)</c> (assert no mismatches;
/// each report carries the seed, case index and SQL, and <c>DifferentialRunner.Script(seed, case)</c> replays it).
/// </remarks>
internal interface ISqlEngine : IDisposable
{
    /// <summary>Short engine name used in reports ("sqlite", "minisql").</summary>
    string Name { get; }

    /// <summary>
    /// Runs every statement of <paramref name="sql"/> (one or more, separated by ';') in order and steps each
    /// to completion, discarding rows, as sqlite3_exec does; stops at the first error.
    /// </summary>
    /// <exception cref="SqlEngineException">A statement failed to prepare or to run.</exception>
    void Execute(string sql);

    /// <summary>
    /// Prepares the first statement of <paramref name="sql"/> and steps it to completion.
    /// </summary>
    /// <returns>
    /// The column count and rows. If stepping fails after a successful prepare, the rows produced before the
    /// failure are returned with the failure in <see cref="QueryResult.StepError"/> (not thrown).
    /// </returns>
    /// <exception cref="SqlEngineException">The statement failed to prepare.</exception>
    QueryResult Query(string sql);
}
