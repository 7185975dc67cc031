using MiniSql.Sql.Parsing;
using MiniSql.Sql.Parsing.Ast;

namespace MiniSql.Sql.Tests.Parsing;

using Statement = MiniSql.Sql.Parsing.Ast.Statement;

/// <summary>Every statement kind parses into the expected AST.</summary>
public class StatementTests
{
    private static T Parse<T>(string sql) where T : Statement
    {
        Statement? s = SqlParser.ParseStatement(sql, 0, out int end);
        Assert.Equal(sql.Length, end);
        return Assert.IsType<T>(s);
    }

    private static string Select(string sql) => AstPrinter.Print(Parse<SelectStatement>(sql));

    [Theory]
    [InlineData("SELECT * FROM t", "SELECT * FROM t")]
    [InlineData("SELECT DISTINCT t.*, a AS x, b y, c 'z' FROM t", "SELECT DISTINCT t.*, a AS x, b AS y, c AS z FROM t")]
    [InlineData("SELECT ALL a FROM t AS u INDEXED BY i WHERE u.a > 1", "SELECT a FROM t AS u INDEXED BY i WHERE (u.a > 1)")]
    [InlineData("SELECT a FROM main.t NOT INDEXED", "SELECT a FROM main.t NOT INDEXED")]
    [InlineData("SELECT * FROM a, b CROSS JOIN c", "SELECT * FROM [[a, b] CROSS JOIN c]")]
    [InlineData("SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x RIGHT JOIN c USING (y, z)",
        "SELECT * FROM [[a LEFT JOIN b ON (a.x = b.x)] RIGHT JOIN c USING (y,z)]")]
    [InlineData("SELECT * FROM a NATURAL FULL JOIN b INNER JOIN c JOIN d", "SELECT * FROM [[[a NATURAL FULL JOIN b] INNER JOIN c] INNER JOIN d]")]
    [InlineData("SELECT * FROM (SELECT 1) AS s, (a JOIN b)", "SELECT * FROM [(SELECT 1) AS s, [a INNER JOIN b]]")]
    [InlineData("SELECT * FROM json_each('[1]') AS j", "SELECT * FROM json_each('[1]') AS j")]
    [InlineData("SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 ORDER BY 2 DESC NULLS LAST, a LIMIT 10 OFFSET 5",
        "SELECT a, count(*) FROM t GROUP BY a HAVING (count(*) > 1) ORDER BY 2 DESC NULLS LAST, a LIMIT 10 OFFSET 5")]
    [InlineData("SELECT a FROM t LIMIT 5, 10", "SELECT a FROM t LIMIT 10 OFFSET 5")]
    [InlineData("SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 EXCEPT SELECT 5 ORDER BY 1",
        "SELECT 1 UNION SELECT 2 UNION ALL SELECT 3 INTERSECT SELECT 4 EXCEPT SELECT 5 ORDER BY 1")]
    [InlineData("VALUES (1, 2), (3, 4)", "VALUES (1, 2), (3, 4)")]
    [InlineData("SELECT 1 UNION VALUES (2)", "SELECT 1 UNION VALUES (2)")]
    [InlineData("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) SELECT n FROM c",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT (n + 1) FROM c WHERE (n < 5)) SELECT n FROM c")]
    [InlineData("SELECT key, action, replace, temp, first, last, rowid FROM t",
        "SELECT key, action, replace, temp, first, last, rowid FROM t")]
    [InlineData("SELECT a COLLATE nocase FROM t ORDER BY a COLLATE nocase ASC", "SELECT (a COLLATE nocase) FROM t ORDER BY (a COLLATE nocase)")]
    public void Selects(string sql, string expected) => Assert.Equal(expected, Select(sql));

    [Fact]
    public void SelectKeepsColumnSourceText()
    {
        var core = Assert.IsType<SelectCore>(Parse<SelectStatement>("SELECT a  +  1, \"b\" AS x FROM t").Body);
        Assert.Equal("a  +  1", Assert.IsType<ExpressionColumn>(core.Columns[0]).SourceText);
        Assert.Equal("\"b\"", Assert.IsType<ExpressionColumn>(core.Columns[1]).SourceText);
    }

    [Fact]
    public void SelectWindowClause()
    {
        var core = Assert.IsType<SelectCore>(Parse<SelectStatement>(
            "SELECT sum(a) OVER w FROM t WINDOW w AS (ORDER BY b RANGE UNBOUNDED PRECEDING EXCLUDE TIES)").Body);
        WindowDefinition w = Assert.Single(core.Windows);
        Assert.Equal("w", w.Name);
        Assert.Equal(FrameUnit.Range, w.Spec.Frame!.Unit);
        Assert.Equal(FrameBoundKind.UnboundedPreceding, w.Spec.Frame.Start.Kind);
        Assert.Equal(FrameExclude.Ties, w.Spec.Frame.Exclude);
    }

    [Fact]
    public void Insert()
    {
        var s = Parse<InsertStatement>("INSERT OR IGNORE INTO main.t AS x (a, b) VALUES (1, 2), (3, ?) RETURNING a, *");
        Assert.Equal(ConflictResolution.Ignore, s.OnConflict);
        Assert.Equal(new QualifiedName("main", "t"), s.Table);
        Assert.Equal("x", s.Alias);
        Assert.Equal(new string?[] { "a", "b" }, s.Columns.ToArray());
        Assert.Equal(2, Assert.IsType<ValuesBody>(s.Query!.Body).Rows.Length);
        Assert.Equal(2, s.Returning.Length);
        Assert.Equal(new string?[] { null }, s.Parameters.ToArray());
    }

    [Fact]
    public void ReplaceDefaultValuesAndSelect()
    {
        var r = Parse<InsertStatement>("REPLACE INTO t DEFAULT VALUES");
        Assert.Equal(ConflictResolution.Replace, r.OnConflict);
        Assert.Null(r.Query);
        var s = Parse<InsertStatement>("WITH c AS (SELECT 1) INSERT INTO t SELECT * FROM c");
        Assert.NotNull(s.With);
        Assert.IsType<SelectCore>(s.Query!.Body);
    }

    [Fact]
    public void Upsert()
    {
        var s = Parse<InsertStatement>(
            "INSERT INTO t(a, b) VALUES (1, 2) ON CONFLICT (a) WHERE a > 0 DO UPDATE SET b = excluded.b, (c, d) = (1, 2) WHERE b < 9 " +
            "ON CONFLICT DO NOTHING");
        Assert.Equal(2, s.Upserts.Length);
        UpsertClause first = s.Upserts[0];
        Assert.False(first.DoNothing);
        Assert.Equal("a", Assert.IsType<ColumnRef>(Assert.Single(first.Target).Expression).Column);
        Assert.NotNull(first.TargetWhere);
        Assert.Equal(new string?[] { "c", "d" }, first.Set[1].Columns.ToArray());
        Assert.NotNull(first.Where);
        Assert.True(s.Upserts[1].DoNothing);
        Assert.True(s.Upserts[1].Target.IsEmpty);
    }

    [Fact]
    public void Update()
    {
        var s = Parse<UpdateStatement>("UPDATE OR REPLACE t AS x SET a = 1, (b, c) = (SELECT 1, 2) FROM u WHERE x.id = u.id RETURNING * ORDER BY a LIMIT 1");
        Assert.Equal(ConflictResolution.Replace, s.OnConflict);
        Assert.Equal("x", s.Alias);
        Assert.Equal(2, s.Set.Length);
        Assert.IsType<SubqueryExpr>(s.Set[1].Value);
        Assert.IsType<TableRef>(s.From);
        Assert.NotNull(s.Where);
        Assert.Single(s.Returning);
        Assert.Single(s.OrderBy);
        Assert.NotNull(s.Limit);
    }

    [Fact]
    public void Delete()
    {
        var s = Parse<DeleteStatement>("DELETE FROM t INDEXED BY i WHERE a = 1 RETURNING a");
        Assert.Equal("i", s.Index!.IndexName);
        Assert.NotNull(s.Where);
        Assert.Single(s.Returning);
    }

    [Fact]
    public void CreateTableWithEveryConstraint()
    {
        var s = Parse<CreateTableStatement>(
            "CREATE TEMP TABLE IF NOT EXISTS t (" +
            "id INTEGER PRIMARY KEY DESC ON CONFLICT ROLLBACK AUTOINCREMENT, " +
            "name VARCHAR(10, 2) CONSTRAINT nn NOT NULL UNIQUE ON CONFLICT IGNORE COLLATE nocase, " +
            "n unsigned big int DEFAULT -1 CHECK (n > -5), " +
            "d DEFAULT CURRENT_TIMESTAMP, e DEFAULT 'x', f DEFAULT (1 + 2), g DEFAULT abc, h DEFAULT true, " +
            "p REFERENCES parent(id) ON DELETE CASCADE ON UPDATE SET NULL MATCH simple DEFERRABLE INITIALLY DEFERRED, " +
            "q AS (n * 2) STORED, r GENERATED ALWAYS AS (n + 1) VIRTUAL, key, action NULL, " +
            "CONSTRAINT pk UNIQUE (name COLLATE binary DESC, n), CHECK (n < 100) " +
            "FOREIGN KEY (p, q) REFERENCES parent (a, b) ON DELETE SET DEFAULT" +
            ") WITHOUT ROWID, STRICT");
        Assert.True(s.Temporary);
        Assert.True(s.IfNotExists);
        Assert.True(s.WithoutRowid);
        Assert.True(s.Strict);
        Assert.Equal(13, s.Columns.Length);
        var id = s.Columns[0];
        Assert.Equal("INTEGER", id.TypeName);
        var pk = Assert.IsType<PrimaryKeyColumnConstraint>(Assert.Single(id.Constraints));
        Assert.True(pk.Descending);
        Assert.True(pk.Autoincrement);
        Assert.Equal(ConflictResolution.Rollback, pk.OnConflict);
        var name = s.Columns[1];
        Assert.Equal("VARCHAR(10, 2)", name.TypeName);
        Assert.Equal("nn", Assert.IsType<NotNullConstraint>(name.Constraints[0]).Name);
        Assert.Equal(ConflictResolution.Ignore, Assert.IsType<UniqueColumnConstraint>(name.Constraints[1]).OnConflict);
        Assert.Equal("nocase", Assert.IsType<CollateConstraint>(name.Constraints[2]).Collation);
        Assert.Equal("unsigned big int", s.Columns[2].TypeName);
        var dflt = Assert.IsType<DefaultConstraint>(s.Columns[2].Constraints[0]);
        Assert.Equal("-1", dflt.SourceText);
        Assert.Equal(-1L, Assert.IsType<IntegerLiteral>(Assert.IsType<UnaryExpr>(dflt.Value).Operand).Value * -1);
        Assert.IsType<CurrentTimeLiteral>(Assert.IsType<DefaultConstraint>(s.Columns[3].Constraints[0]).Value);
        Assert.Equal("1 + 2", Assert.IsType<DefaultConstraint>(s.Columns[5].Constraints[0]).SourceText);
        Assert.Equal("abc", Assert.IsType<StringLiteral>(Assert.IsType<DefaultConstraint>(s.Columns[6].Constraints[0]).Value).Value);
        Assert.IsType<BoolLiteral>(Assert.IsType<DefaultConstraint>(s.Columns[7].Constraints[0]).Value);
        var fk = Assert.IsType<ForeignKeyColumnConstraint>(s.Columns[8].Constraints[0]).References;
        Assert.Equal("parent", fk.Table);
        Assert.Equal(ForeignKeyAction.Cascade, fk.OnDelete);
        Assert.Equal(ForeignKeyAction.SetNull, fk.OnUpdate);
        Assert.Equal("simple", fk.Match);
        Assert.True(fk.Deferred);
        Assert.True(Assert.IsType<GeneratedColumnConstraint>(s.Columns[9].Constraints[0]).Stored);
        Assert.False(Assert.IsType<GeneratedColumnConstraint>(s.Columns[10].Constraints[0]).Stored);
        Assert.Equal("key", s.Columns[11].Name);
        Assert.Null(s.Columns[11].TypeName);
        Assert.IsType<NullableConstraint>(s.Columns[12].Constraints[0]);
        Assert.Equal(3, s.Constraints.Length);
        var unique = Assert.IsType<UniqueTableConstraint>(s.Constraints[0]);
        Assert.Equal("pk", unique.Name);
        Assert.Equal("binary", unique.Columns[0].Collation);
        Assert.True(unique.Columns[0].Descending);
        Assert.IsType<CheckTableConstraint>(s.Constraints[1]);
        Assert.Equal(new string?[] { "p", "q" }, Assert.IsType<ForeignKeyTableConstraint>(s.Constraints[2]).Columns.ToArray());
    }

    [Fact]
    public void CreateTableKeepsExactText()
    {
        const string sql = "  create table \"T\"(a int primary key, b)  ;  -- done";
        var s = Assert.IsType<CreateTableStatement>(SqlParser.ParseStatement(sql, 0, out int end));
        Assert.Equal("create table \"T\"(a int primary key, b)", s.GetText(sql));
        Assert.Equal(sql.IndexOf(';') + 1, end);
        Assert.Equal("T", s.Name.Name);
        Assert.True(SqlParser.IsBlank(sql, end));
    }

    [Fact]
    public void CreateTableAsSelectAndTablePrimaryKey()
    {
        var s = Parse<CreateTableStatement>("CREATE TABLE t2 AS SELECT * FROM t");
        Assert.NotNull(s.AsSelect);
        var p = Parse<CreateTableStatement>("CREATE TABLE t(a, b, PRIMARY KEY(a, b DESC) ON CONFLICT FAIL)");
        var pk = Assert.IsType<PrimaryKeyTableConstraint>(Assert.Single(p.Constraints));
        Assert.Equal(2, pk.Columns.Length);
        Assert.Equal(ConflictResolution.Fail, pk.OnConflict);
    }

    [Fact]
    public void CreateIndex()
    {
        var s = Parse<CreateIndexStatement>("CREATE UNIQUE INDEX IF NOT EXISTS main.i ON t (a COLLATE nocase DESC, lower(b)) WHERE a IS NOT NULL");
        Assert.True(s.Unique);
        Assert.True(s.IfNotExists);
        Assert.Equal(new QualifiedName("main", "i"), s.Name);
        Assert.Equal("t", s.Table);
        Assert.Equal("nocase", s.Columns[0].Collation);
        Assert.True(s.Columns[0].Descending);
        Assert.IsType<FunctionCall>(s.Columns[1].Expression);
        Assert.NotNull(s.Where);
    }

    [Fact]
    public void CreateView()
    {
        var s = Parse<CreateViewStatement>("CREATE TEMPORARY VIEW IF NOT EXISTS v(x, y) AS SELECT a, b FROM t");
        Assert.True(s.Temporary);
        Assert.Equal(new string?[] { "x", "y" }, s.Columns.ToArray());
        Assert.IsType<SelectCore>(s.Query.Body);
    }

    [Fact]
    public void CreateTrigger()
    {
        const string sql = "CREATE TRIGGER IF NOT EXISTS tr BEFORE UPDATE OF a, b ON t FOR EACH ROW WHEN new.a > 0 BEGIN " +
            "INSERT INTO log VALUES (new.a); UPDATE t SET b = CASE WHEN 1 THEN 2 END; DELETE FROM x; SELECT RAISE(ABORT, 'no'); END; SELECT 1";
        var s = Assert.IsType<CreateTriggerStatement>(SqlParser.ParseStatement(sql, 0, out int end));
        Assert.Equal(TriggerTime.Before, s.Time);
        Assert.Equal(TriggerEvent.Update, s.Event);
        Assert.Equal(new string?[] { "a", "b" }, s.UpdateOf.ToArray());
        Assert.True(s.ForEachRow);
        Assert.NotNull(s.When);
        Assert.Equal(4, s.Body.Length);
        Assert.IsType<InsertStatement>(s.Body[0]);
        Assert.Equal("INSERT INTO log VALUES (new.a)", s.Body[0].GetText(sql));
        Assert.EndsWith("END", s.GetText(sql), StringComparison.Ordinal);
        Assert.Equal(" SELECT 1", sql[end..]);
        var t = Parse<CreateTriggerStatement>("CREATE TEMP TRIGGER tr INSTEAD OF DELETE ON v BEGIN DELETE FROM t WHERE id = old.id; END");
        Assert.Equal(TriggerTime.InsteadOf, t.Time);
        Assert.True(t.Temporary);
    }

    [Theory]
    [InlineData("DROP TABLE IF EXISTS main.t", DropObjectKind.Table, true)]
    [InlineData("DROP INDEX i", DropObjectKind.Index, false)]
    [InlineData("DROP VIEW v", DropObjectKind.View, false)]
    [InlineData("DROP TRIGGER IF EXISTS tr", DropObjectKind.Trigger, true)]
    public void Drop(string sql, DropObjectKind kind, bool ifExists)
    {
        var s = Parse<DropStatement>(sql);
        Assert.Equal(kind, s.Kind);
        Assert.Equal(ifExists, s.IfExists);
    }

    [Fact]
    public void Transactions()
    {
        Assert.Equal(TransactionKind.Deferred, Parse<BeginStatement>("BEGIN").Kind);
        Assert.Equal(TransactionKind.Immediate, Parse<BeginStatement>("BEGIN IMMEDIATE TRANSACTION").Kind);
        Assert.Equal(TransactionKind.Exclusive, Parse<BeginStatement>("begin exclusive").Kind);
        Parse<CommitStatement>("COMMIT");
        Parse<CommitStatement>("END TRANSACTION");
        Assert.Null(Parse<RollbackStatement>("ROLLBACK").Savepoint);
        Assert.Equal("sp", Parse<RollbackStatement>("ROLLBACK TRANSACTION TO SAVEPOINT sp").Savepoint);
        Assert.Equal("sp", Parse<RollbackStatement>("ROLLBACK TO sp").Savepoint);
        Assert.Equal("sp", Parse<SavepointStatement>("SAVEPOINT sp").Name);
        Assert.Equal("sp", Parse<ReleaseStatement>("RELEASE SAVEPOINT sp").Name);
        Assert.Equal("sp", Parse<ReleaseStatement>("RELEASE sp").Name);
    }

    [Fact]
    public void Pragmas()
    {
        var a = Parse<PragmaStatement>("PRAGMA main.journal_mode = WAL");
        Assert.Equal(new QualifiedName("main", "journal_mode"), a.Name);
        Assert.Equal("WAL", Assert.IsType<StringLiteral>(a.Value).Value);
        var b = Parse<PragmaStatement>("PRAGMA table_info(t)");
        Assert.True(b.IsCall);
        var c = Parse<PragmaStatement>("PRAGMA cache_size = -2000");
        Assert.Equal(UnaryOperator.Negate, Assert.IsType<UnaryExpr>(c.Value).Operator);
        Assert.Null(Parse<PragmaStatement>("PRAGMA integrity_check").Value);
        Assert.Equal("DELETE", Assert.IsType<StringLiteral>(Parse<PragmaStatement>("PRAGMA journal_mode=DELETE").Value).Value);
        Assert.Equal("on", Assert.IsType<StringLiteral>(Parse<PragmaStatement>("PRAGMA foreign_keys = on").Value).Value);
    }

    [Fact]
    public void ExplainAndMaintenance()
    {
        var e = Parse<ExplainStatement>("EXPLAIN QUERY PLAN SELECT 1");
        Assert.True(e.QueryPlan);
        Assert.IsType<SelectStatement>(e.Statement);
        Assert.False(Parse<ExplainStatement>("EXPLAIN DELETE FROM t").QueryPlan);
        Assert.Null(Parse<VacuumStatement>("VACUUM").Schema);
        Assert.NotNull(Parse<VacuumStatement>("VACUUM main INTO 'x.db'").Into);
        Assert.Equal("i", Parse<ReindexStatement>("REINDEX i")!.Name!.Name);
        Assert.Null(Parse<AnalyzeStatement>("ANALYZE").Name);
        var attach = Parse<AttachStatement>("ATTACH DATABASE 'f.db' AS aux");
        Assert.Equal("f.db", Assert.IsType<StringLiteral>(attach.File).Value);
        Assert.IsType<DetachStatement>(Parse<DetachStatement>("DETACH aux"));
    }

    [Fact]
    public void AlterTable()
    {
        Assert.Equal("u", Parse<RenameTableStatement>("ALTER TABLE t RENAME TO u").NewName);
        var rc = Parse<RenameColumnStatement>("ALTER TABLE main.t RENAME COLUMN a TO b");
        Assert.Equal(("a", "b"), (rc.OldName, rc.NewName));
        Assert.Equal("b", Parse<RenameColumnStatement>("ALTER TABLE t RENAME a TO b").NewName);
        var add = Parse<AddColumnStatement>("ALTER TABLE t ADD COLUMN c TEXT NOT NULL DEFAULT ''");
        Assert.Equal("TEXT", add.Column.TypeName);
        Assert.Equal("c", Parse<DropColumnStatement>("ALTER TABLE t DROP COLUMN c").Column);
    }

    [Fact]
    public void CreateVirtualTable()
    {
        var s = Parse<CreateVirtualTableStatement>("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title, body, tokenize = 'porter unicode61', x(1, 2))");
        Assert.True(s.IfNotExists);
        Assert.Equal("fts5", s.Module);
        Assert.Equal(new[] { "title", "body", "tokenize = 'porter unicode61'", "x(1, 2)" }, s.Arguments.ToArray());
        Assert.Empty(Parse<CreateVirtualTableStatement>("CREATE VIRTUAL TABLE t USING m").Arguments);
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE a NOT IN (SELECT b FROM u)")]
    [InlineData("SELECT a FROM t WHERE b IS NOT DISTINCT FROM c")]
    [InlineData("INSERT INTO t VALUES (1) ON CONFLICT(a) DO UPDATE SET b = excluded.b WHERE excluded.b > 0 RETURNING *")]
    [InlineData("CREATE TABLE IF NOT EXISTS \"my table\" (\"col 1\" TEXT, [col 2] INT, `col 3`)")]
    [InlineData("SELECT count(*) AS \"count\" FROM t")]
    [InlineData("SELECT * FROM t ORDER BY a COLLATE NOCASE DESC NULLS FIRST LIMIT 10 OFFSET 20")]
    [InlineData("PRAGMA table_info('t')")]
    [InlineData("PRAGMA user_version = 5;")]
    [InlineData("SELECT x FROM t GROUP BY x HAVING count(*) > 1 WINDOW w AS (PARTITION BY x), v AS (w ORDER BY x)")]
    [InlineData("WITH a AS MATERIALIZED (SELECT 1), b AS NOT MATERIALIZED (SELECT 2) SELECT * FROM a, b")]
    [InlineData("SELECT t.a, u.* FROM t JOIN u ON t.id = u.tid LEFT JOIN v USING (id)")]
    [InlineData("DELETE FROM t WHERE rowid IN (SELECT rowid FROM t LIMIT 1)")]
    [InlineData("SELECT * FROM t LIMIT (SELECT 1)")]
    [InlineData("VACUUM INTO 'file.db'")]
    [InlineData("SELECT a FROM t WHERE a = 1 COLLATE nocase AND b GLOB '*x' ESCAPE '!'")]
    [InlineData("SELECT CASE WHEN a THEN 1 END, CASE b WHEN 1 THEN 2 ELSE 3 END FROM t")]
    [InlineData("SELECT a -> '$.x', a ->> '$.y' FROM t")]
    [InlineData("SELECT * FROM t AS \"x\" NATURAL JOIN u")]
    [InlineData("CREATE TABLE t(a INTEGER PRIMARY KEY ASC, b TEXT NOT NULL DEFAULT 'x' COLLATE rtrim, c REAL CHECK(c > 0) UNIQUE)")]
    [InlineData("CREATE TABLE t(id INTEGER, FOREIGN KEY (id) REFERENCES p(id) ON DELETE CASCADE NOT DEFERRABLE)")]
    [InlineData("CREATE TABLE t(a DEFAULT +1.5, b DEFAULT -0x10, c DEFAULT x'00', d DEFAULT NULL, e DEFAULT \"q\")")]
    [InlineData("SELECT 1 WHERE 1 NOT NULL AND 2 NOTNULL AND 3 ISNULL")]
    [InlineData("SELECT sum(x) OVER (ORDER BY y GROUPS BETWEEN 2 PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE NO OTHERS) FROM t")]
    [InlineData("SELECT * FROM (SELECT 1 AS a) AS s JOIN (VALUES (1)) v ON s.a = v.column1")]
    [InlineData("INSERT INTO t SELECT * FROM u WHERE true ON CONFLICT DO NOTHING")]
    [InlineData("SELECT temp, key, action, replace, first, last, nulls, \"order\", [group] FROM t")]
    [InlineData("SELECT like('a%', x), glob('*', x), replace(x, 'a', 'b'), if(1, 2), left FROM t")]
    [InlineData("EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = ?")]
    [InlineData("ATTACH 'other.db' AS other")]
    [InlineData("DETACH DATABASE other")]
    [InlineData("REINDEX nocase")]
    [InlineData("ANALYZE main.t")]
    [InlineData("SELECT a FROM t WHERE a IN ()")]
    [InlineData("SELECT (SELECT max(a) FROM t) + 1, EXISTS (SELECT 1), NOT EXISTS (SELECT 2)")]
    public void AcceptsValidSql(string sql) => Assert.NotNull(SqlParser.ParseStatement(sql, 0, out _));
}
