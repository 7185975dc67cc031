using System.Data;
using System.Data.Common;

namespace MiniSql.OracleTests.Provider;

/// <summary>
/// Commands, parameters, transactions, connections, errors and user functions: the same scenario body on both
/// providers, every observable outcome compared.
/// </summary>
public sealed class CommandConformanceTests
{
    private static void Exec(DbConnection c, string sql, DbTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(DbConnection c, string sql, DbTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    private static DbParameter Param(DbCommand cmd, string name, object? value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
        return p;
    }

    private static void Compare(Action<ProviderTarget, Transcript, DbConnection> body) =>
        ConformanceRunner.Compare((target, t, path) =>
        {
            using var c = target.Open("Data Source=" + path);
            body(target, t, c);
        });

    /// <summary>Parameter prefix styles: SQL text and the names given to the collection.</summary>
    public static TheoryData<string, string> ParameterStyles() => new()
    {
        { "SELECT @a", "@a" },
        { "SELECT @a", "a" },
        { "SELECT :a", ":a" },
        { "SELECT :a", "a" },
        { "SELECT $a", "$a" },
        { "SELECT $a", "a" },
        { "SELECT ?1", "?1" },
        { "SELECT ?1", "1" },
        { "SELECT ?", "?" },
        { "SELECT ?", "" },
        { "SELECT @a", "@A" },
        { "SELECT @a", ":a" },
        { "SELECT @a, @a", "@a" },
        { "SELECT ?2", "?2" },
        { "SELECT @a", "@b" },
    };

    /// <summary>Binds a value under one name to one SQL parameter style.</summary>
    [Theory]
    [MemberData(nameof(ParameterStyles))]
    public void ParameterStyle(string sql, string name) => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        Param(cmd, name, 5);
        t.Try("scalar", () => cmd.ExecuteScalar());
        t.Try("reader", () =>
        {
            using var r = cmd.ExecuteReader();
            var values = new List<object?>();
            while (r.Read())
            {
                for (int i = 0; i < r.FieldCount; i++) values.Add(r.GetValue(i));
            }
            return string.Join(",", values.Select(Transcript.Format));
        });
    });

    /// <summary>Missing parameters name every unbound one.</summary>
    [Fact]
    public void MissingParameters() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x, $y, :z";
        t.Try("none", () => cmd.ExecuteScalar());
        Param(cmd, "@x", 1);
        t.Try("one", () => cmd.ExecuteScalar());
    });

    /// <summary>A parameter whose Value is null (not DBNull).</summary>
    [Fact]
    public void NullParameterValue() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x";
        Param(cmd, "@x", null);
        t.Try("null", () => cmd.ExecuteScalar());
        cmd.Parameters[0].Value = DBNull.Value;
        t.Try("dbnull", () => cmd.ExecuteScalar());
    });

    /// <summary>Extra parameters not named in the SQL are ignored.</summary>
    [Fact]
    public void ExtraParameters() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x";
        Param(cmd, "@x", 1);
        Param(cmd, "@unused", 2);
        t.Try("scalar", () => cmd.ExecuteScalar());
    });

    /// <summary>An unsupported parameter value type.</summary>
    [Fact]
    public void UnsupportedParameterType() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x";
        Param(cmd, "@x", new object());
        t.Try("scalar", () => cmd.ExecuteScalar());
    });

    /// <summary>NaN cannot be stored.</summary>
    [Fact]
    public void NaNParameter() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x";
        Param(cmd, "@x", double.NaN);
        t.Try("scalar", () => cmd.ExecuteScalar());
    });

    /// <summary>Size truncates strings and blobs.</summary>
    [Fact]
    public void SizeTruncates() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @s, @b";
        Param(cmd, "@s", "abcdef").Size = 3;
        Param(cmd, "@b", new byte[] { 1, 2, 3, 4 }).Size = 2;
        using var r = cmd.ExecuteReader();
        r.Read();
        t.Add("s", r.GetValue(0));
        t.Add("b", r.GetValue(1));
    });

    /// <summary>Explicit storage classes convert values.</summary>
    [Theory]
    [InlineData("Integer", 2.7)]
    [InlineData("Real", 3)]
    [InlineData("Text", 3)]
    [InlineData("Text", 2.5)]
    [InlineData("Blob", "ab")]
    [InlineData("Integer", "12")]
    [InlineData("Real", "1.5")]
    [InlineData("Integer", true)]
    public void ExplicitStorageClass(string storageClass, object value) => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x, typeof(@x)";
        cmd.Parameters.Add(target.Parameter("@x", value, storageClass));
        t.Try("read", () =>
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return Transcript.Format(r.GetValue(0)) + " " + r.GetValue(1);
        });
    });

    /// <summary>Special DateTime/Guid/TimeSpan storage with explicit storage classes.</summary>
    [Theory]
    [InlineData("guid", "Text")]
    [InlineData("datetime", "Real")]
    [InlineData("timespan", "Real")]
    [InlineData("char", "Integer")]
    [InlineData("datetimeoffset", "Real")]
    public void ExplicitStorageClassForSpecialTypes(string kind, string storageClass) => Compare((target, t, c) =>
    {
        object value = kind switch
        {
            "guid" => new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            "datetime" => new DateTime(2020, 1, 2, 12, 0, 0),
            "timespan" => TimeSpan.FromHours(6),
            "char" => 'A',
            _ => new DateTimeOffset(2020, 1, 2, 12, 0, 0, TimeSpan.Zero),
        };
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT @x, typeof(@x)";
        cmd.Parameters.Add(target.Parameter("@x", value, storageClass));
        t.Try("read", () =>
        {
            using var r = cmd.ExecuteReader();
            r.Read();
            return Transcript.Format(r.GetValue(0)) + " " + r.GetValue(1);
        });
    });

    /// <summary>Re-executing a command with new parameter values (prepared once).</summary>
    [Fact]
    public void PreparedReuse() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x INTEGER, y TEXT)");
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO t VALUES (@x, @y)";
        var px = Param(cmd, "@x", 0);
        var py = Param(cmd, "@y", "");
        cmd.Prepare();
        for (int i = 0; i < 5; i++)
        {
            px.Value = i;
            py.Value = "v" + i;
            t.Add("insert" + i, cmd.ExecuteNonQuery());
        }
        t.Add("sum", Scalar(c, "SELECT sum(x) || group_concat(y) FROM t"));
    });

    /// <summary>Changing CommandText between executions.</summary>
    [Fact]
    public void ChangeCommandText() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1";
        t.Add("first", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT 'two'";
        t.Add("second", cmd.ExecuteScalar());
    });

    /// <summary>Prepare on a closed connection and with empty text.</summary>
    [Fact]
    public void PrepareErrors() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Connection("Data Source=" + path);
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1";
        t.Try("closed prepare", () => cmd.Prepare());
        t.Try("closed execute", () => cmd.ExecuteScalar());
        c.Open();
        cmd.CommandText = "";
        t.Try("empty text", () => cmd.ExecuteNonQuery());
        cmd.CommandText = "SELEC 1";
        t.Try("syntax prepare", () => cmd.Prepare());
    });

    /// <summary>SQL errors: codes and messages.</summary>
    [Theory]
    [InlineData("SELECT * FROM missing")]
    [InlineData("SELEC 1")]
    [InlineData("INSERT INTO t VALUES (1, 1)")]
    [InlineData("INSERT INTO t(id) VALUES (NULL)")]
    [InlineData("CREATE TABLE t(x)")]
    [InlineData("SELECT nosuchfunc(1)")]
    [InlineData("INSERT INTO t(id, v) VALUES (5, 'a'); INSERT INTO t(id, v) VALUES (6, 'a')")]
    [InlineData("COMMIT")]
    [InlineData("ROLLBACK")]
    [InlineData("RELEASE nope")]
    [InlineData("DROP TABLE missing")]
    [InlineData("SELECT abs(-9223372036854775808)")]
    [InlineData("INSERT INTO c(v) VALUES (NULL)")]
    public void Errors(string sql) => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT UNIQUE NOT NULL DEFAULT 'd'); CREATE TABLE c(v INT NOT NULL CHECK (v > 0))");
        Exec(c, "INSERT INTO t(id, v) VALUES (1, 'a')");
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        t.Try("nonquery", () => cmd.ExecuteNonQuery());
        t.Try("reader", () =>
        {
            using var r = cmd.ExecuteReader();
            var rows = 0;
            do
            {
                while (r.Read()) rows++;
            }
            while (r.NextResult());
            return rows;
        });
        t.Add("count", Scalar(c, "SELECT count(*) FROM t"));
    });

    /// <summary>Unique violation extended code and message.</summary>
    [Fact]
    public void UniqueViolation() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE u(a, b, UNIQUE(a, b)); INSERT INTO u VALUES (1, 2)");
        t.Try("dup", () => Exec(c, "INSERT INTO u VALUES (1, 2)"));
    });

    /// <summary>Foreign keys keyword enables enforcement.</summary>
    [Theory]
    [InlineData("")]
    [InlineData(";Foreign Keys=True")]
    [InlineData(";Foreign Keys=False")]
    public void ForeignKeys(string keyword) => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Open("Data Source=" + path + keyword);
        t.Add("pragma", Scalar(c, "PRAGMA foreign_keys"));
    });

    /// <summary>Recursive Triggers keyword: the pragma's value and a trigger that re-fires itself (or not).</summary>
    [Theory]
    [InlineData("")]
    [InlineData(";Recursive Triggers=True")]
    [InlineData(";Recursive Triggers=False")]
    [InlineData(";Recursive Triggers=True;Pooling=False")]
    public void RecursiveTriggers(string keyword) => ConformanceRunner.Compare((target, t, path) =>
    {
        for (int open = 0; open < 2; open++)
        {
            // The second open may take the pooled connection: the keyword must hold there too.
            using var c = target.Open("Data Source=" + path + keyword);
            t.Add("pragma", Scalar(c, "PRAGMA recursive_triggers"));
            Exec(c, "DROP TABLE IF EXISTS t; CREATE TABLE t(x INTEGER);" +
                    "CREATE TRIGGER up AFTER INSERT ON t WHEN new.x < 5 BEGIN INSERT INTO t VALUES (new.x + 1); END;");
            Exec(c, "INSERT INTO t VALUES (1)");
            t.Add("rows", Scalar(c, "SELECT group_concat(x) FROM (SELECT x FROM t ORDER BY x)"));
        }
    });

    /// <summary>ExecuteScalar edge cases.</summary>
    [Theory]
    [InlineData("SELECT NULL")]
    [InlineData("CREATE TABLE t(x)")]
    [InlineData("SELECT 1 WHERE 0")]
    [InlineData("SELECT 'a', 'b'")]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("CREATE TABLE t(x); INSERT INTO t VALUES (9); SELECT x FROM t")]
    public void ExecuteScalarCases(string sql) => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        t.Try("scalar", () => cmd.ExecuteScalar());
    });

    /// <summary>Disposing a reader runs the remaining statements.</summary>
    [Fact]
    public void ReaderDisposeRunsRemainingStatements() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT 1; INSERT INTO t VALUES (1); SELECT 2; INSERT INTO t VALUES (2)";
            using var r = cmd.ExecuteReader();
            t.Add("read", r.Read());
            t.Add("RecordsAffected before", r.RecordsAffected);
        }
        t.Add("count", Scalar(c, "SELECT count(*) FROM t"));
    });

    /// <summary>Reader state errors: reading before Read, after the end, after close.</summary>
    [Fact]
    public void ReaderStateErrors() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT 1 AS a";
        var r = cmd.ExecuteReader();
        t.Try("before read", () => r.GetValue(0));
        t.Add("read", r.Read());
        t.Try("bad ordinal", () => r.GetValue(5));
        t.Try("negative ordinal", () => r.GetValue(-1));
        t.Try("GetOrdinal", () => r.GetOrdinal("a"));
        t.Try("GetOrdinal case", () => r.GetOrdinal("A"));
        t.Try("GetOrdinal missing", () => r.GetOrdinal("zz"));
        t.Try("indexer name", () => r["a"]);
        t.Add("read2", r.Read());
        t.Try("after end", () => r.GetValue(0));
        t.Add("read3", r.Read());
        r.Dispose();
        t.Add("IsClosed", r.IsClosed);
        t.Try("after close read", () => r.Read());
        t.Try("after close FieldCount", () => r.FieldCount);
    });

    /// <summary>Two readers open on one connection, and a second ExecuteReader on the same command.</summary>
    [Fact]
    public void ConcurrentReaders() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
        using var a = c.CreateCommand();
        a.CommandText = "SELECT x FROM t ORDER BY x";
        using var b = c.CreateCommand();
        b.CommandText = "SELECT x * 10 FROM t ORDER BY x";
        using var ra = a.ExecuteReader();
        using var rb = b.ExecuteReader();
        t.Add("a1", ra.Read() ? ra.GetValue(0) : null);
        t.Add("b1", rb.Read() ? rb.GetValue(0) : null);
        t.Add("a2", ra.Read() ? ra.GetValue(0) : null);
        t.Try("same command twice", () => a.ExecuteReader());
        t.Try("change text while open", () => a.CommandText = "SELECT 2");
    });

    /// <summary>CommandBehavior values.</summary>
    [Theory]
    [InlineData(CommandBehavior.Default)]
    [InlineData(CommandBehavior.SingleResult)]
    [InlineData(CommandBehavior.SingleRow)]
    [InlineData(CommandBehavior.SequentialAccess)]
    [InlineData(CommandBehavior.SchemaOnly)]
    [InlineData(CommandBehavior.KeyInfo)]
    [InlineData(CommandBehavior.CloseConnection)]
    public void Behaviors(CommandBehavior behavior) => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2)");
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT x FROM t; SELECT 'b'";
        t.Try("execute", () =>
        {
            using var r = cmd.ExecuteReader(behavior);
            t.Dump(r);
        });
        t.Add("state", c.State);
    });

    /// <summary>Transactions: commit, rollback, dispose.</summary>
    [Fact]
    public void TransactionCommitRollback() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        using (var tx = c.BeginTransaction())
        {
            t.Add("IsolationLevel", tx.IsolationLevel);
            Exec(c, "INSERT INTO t VALUES (1)", tx);
            tx.Commit();
            t.Try("IsolationLevel after commit", () => tx.IsolationLevel);
            t.Try("commit twice", () => tx.Commit());
            t.Try("rollback after commit", () => tx.Rollback());
        }
        using (var tx = c.BeginTransaction())
        {
            Exec(c, "INSERT INTO t VALUES (2)", tx);
            tx.Rollback();
        }
        using (var tx = c.BeginTransaction())
        {
            Exec(c, "INSERT INTO t VALUES (3)", tx);
        }
        t.Add("rows", Scalar(c, "SELECT group_concat(x) FROM t"));
    });

    /// <summary>Commands must be enlisted in the pending transaction.</summary>
    [Fact]
    public void TransactionRequired() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        t.Add("auto enlisted", cmd.Transaction is not null);
        cmd.Transaction = null;
        cmd.CommandText = "INSERT INTO t VALUES (1)";
        t.Try("without transaction", () => cmd.ExecuteNonQuery());
        t.Try("nested", () => c.BeginTransaction());
        tx.Rollback();
        t.Try("stale transaction", () =>
        {
            cmd.Transaction = tx;
            return cmd.ExecuteNonQuery();
        });
    });

    /// <summary>Isolation levels.</summary>
    [Theory]
    [InlineData(IsolationLevel.Unspecified)]
    [InlineData(IsolationLevel.Serializable)]
    [InlineData(IsolationLevel.ReadCommitted)]
    [InlineData(IsolationLevel.RepeatableRead)]
    [InlineData(IsolationLevel.ReadUncommitted)]
    [InlineData(IsolationLevel.Snapshot)]
    [InlineData(IsolationLevel.Chaos)]
    public void IsolationLevels(IsolationLevel level) => Compare((target, t, c) =>
    {
        t.Try("begin", () =>
        {
            using var tx = c.BeginTransaction(level);
            t.Add("level", tx.IsolationLevel);
        });
    });

    /// <summary>Deferred and immediate transactions against a second connection.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DeferredTransactions(bool deferred) => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Open("Data Source=" + path);
        using var other = target.Open("Data Source=" + path + ";Default Timeout=1");
        Exec(c, "CREATE TABLE t(x)");
        using var tx = target.BeginTransaction(c, deferred);
        t.Try("other writes", () => Exec(other, "INSERT INTO t VALUES (1)"));
        t.Try("other reads", () => Scalar(other, "SELECT count(*) FROM t"));
        tx.Commit();
    });

    /// <summary>Savepoints through DbTransaction.</summary>
    [Fact]
    public void Savepoints() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        using var tx = c.BeginTransaction();
        Exec(c, "INSERT INTO t VALUES (1)", tx);
        tx.Save("a");
        Exec(c, "INSERT INTO t VALUES (2)", tx);
        tx.Save("b");
        Exec(c, "INSERT INTO t VALUES (3)", tx);
        tx.Rollback("b");
        t.Add("after rollback b", Scalar(c, "SELECT group_concat(x) FROM t", tx));
        tx.Release("a");
        t.Try("rollback released", () => tx.Rollback("a"));
        tx.Commit();
        t.Add("final", Scalar(c, "SELECT group_concat(x) FROM t"));
    });

    /// <summary>A transaction rolled back by SQL is seen as completed.</summary>
    [Fact]
    public void ExternalRollback() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        var tx = c.BeginTransaction();
        Exec(c, "INSERT INTO t VALUES (1)", tx);
        t.Try("sql rollback", () => Exec(c, "ROLLBACK", tx));
        t.Try("commit", () => tx.Commit());
        t.Try("dispose", () => tx.Dispose());
        t.Add("count", Scalar(c, "SELECT count(*) FROM t"));
    });

    /// <summary>Closing a connection rolls back its transaction.</summary>
    [Fact]
    public void CloseRollsBack() => ConformanceRunner.Compare((target, t, path) =>
    {
        using (var c = target.Open("Data Source=" + path))
        {
            Exec(c, "CREATE TABLE t(x)");
            var tx = c.BeginTransaction();
            Exec(c, "INSERT INTO t VALUES (1)", tx);
        }
        using var c2 = target.Open("Data Source=" + path);
        t.Add("count", Scalar(c2, "SELECT count(*) FROM t"));
    });

    /// <summary>BUSY with a zero timeout, then success after the lock is released.</summary>
    [Fact]
    public void BusyWithZeroTimeout() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var a = target.Open("Data Source=" + path);
        using var b = target.Open("Data Source=" + path);
        Exec(a, "CREATE TABLE t(x)");
        using var tx = a.BeginTransaction();
        Exec(a, "INSERT INTO t VALUES (1)", tx);
        using var cmd = b.CreateCommand();
        cmd.CommandTimeout = 0;
        cmd.CommandTimeout = 1;
        cmd.CommandText = "INSERT INTO t VALUES (2)";
        t.Try("busy", () => cmd.ExecuteNonQuery());
        tx.Rollback();
    });

    /// <summary>Connection-string keywords and connection properties.</summary>
    [Theory]
    [InlineData("Data Source={0}")]
    [InlineData("DataSource={0}")]
    [InlineData("Filename={0}")]
    [InlineData("Data Source={0};Mode=ReadWriteCreate")]
    [InlineData("Data Source={0};Mode=ReadWrite")]
    [InlineData("Data Source={0};Mode=ReadOnly")]
    [InlineData("Data Source={0};Mode=Memory")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=")]
    [InlineData("Data Source={0};Cache=Shared")]
    [InlineData("Data Source={0};Cache=Private")]
    [InlineData("Data Source={0};Default Timeout=5")]
    [InlineData("Data Source={0};Command Timeout=7")]
    [InlineData("Data Source={0};Pooling=False")]
    [InlineData("Data Source={0};Password=secret")]
    [InlineData("Data Source={0};Bogus=1")]
    [InlineData("Data Source={0};Mode=Sideways")]
    public void ConnectionStrings(string format) => ConformanceRunner.Compare((target, t, path) =>
    {
        string cs = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, path);
        DbConnection? c = null;
        t.Try("create", () => c = target.Connection(cs));
        if (c is null) return;
        using (c)
        {
            t.Add("State", c.State);
            t.Add("Database", c.Database);
            t.Try("open", () => c.Open());
            t.Add("State after open", c.State);
            if (c.State != ConnectionState.Open) return;
            using var cmd = c.CreateCommand();
            t.Add("CommandTimeout", cmd.CommandTimeout);
            t.Try("write", () => Exec(c, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"));
            t.Try("read", () => Scalar(c, "SELECT count(*) FROM sqlite_schema"));
            c.Close();
            t.Add("State after close", c.State);
        }
    });

    /// <summary>The connection string builder's keywords and defaults.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("Data Source=a.db;Mode=ReadOnly;Cache=Shared;Foreign Keys=True;Recursive Triggers=True;Default Timeout=9;Pooling=False")]
    [InlineData("filename=b.db;mode=memory;cache=private;foreign keys=false;command timeout=3")]
    public void Builder(string cs) => ConformanceRunner.Compare((target, t, path) =>
    {
        var b = target.Factory.CreateConnectionStringBuilder()!;
        b.ConnectionString = cs;
        t.Add("ConnectionString", b.ConnectionString);
        foreach (var key in new[] { "Data Source", "Mode", "Cache", "Foreign Keys", "Recursive Triggers", "Default Timeout", "Pooling", "Password" })
        {
            t.Try(key, () => b[key]?.ToString());
        }
        t.Try("unknown", () => b["Nope"]);
    });

    /// <summary>Opening a missing file read-only or read-write fails with CANTOPEN.</summary>
    [Theory]
    [InlineData("ReadOnly")]
    [InlineData("ReadWrite")]
    public void MissingFile(string mode) => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Connection("Data Source=" + path + ";Mode=" + mode);
        t.Try("open", () => c.Open());
        t.Add("exists", File.Exists(path));
    });

    /// <summary>Writing through a read-only connection.</summary>
    [Fact]
    public void ReadOnlyWrite() => ConformanceRunner.Compare((target, t, path) =>
    {
        using (var c = target.Open("Data Source=" + path))
        {
            Exec(c, "CREATE TABLE t(x)");
        }
        using var ro = target.Open("Data Source=" + path + ";Mode=ReadOnly");
        t.Try("insert", () => Exec(ro, "INSERT INTO t VALUES (1)"));
        t.Try("select", () => Scalar(ro, "SELECT count(*) FROM t"));
    });

    /// <summary>A named shared in-memory database is visible to a second connection.</summary>
    [Fact]
    public void SharedMemory() => ConformanceRunner.Compare((target, t, path) =>
    {
        string cs = "Data Source=shared" + Guid.NewGuid().ToString("N") + ";Mode=Memory;Cache=Shared";
        using var a = target.Open(cs);
        Exec(a, "CREATE TABLE t(x); INSERT INTO t VALUES (42)");
        using var b = target.Open(cs);
        t.Add("b sees", Scalar(b, "SELECT x FROM t"));
        using var priv = target.Open("Data Source=:memory:");
        t.Try("private does not", () => Scalar(priv, "SELECT x FROM t"));
    });

    /// <summary>State change events and reopening.</summary>
    [Fact]
    public void StateChanges() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = target.Connection("Data Source=" + path);
        c.StateChange += (_, e) => t.Add("event", e.OriginalState + "->" + e.CurrentState);
        c.Open();
        c.Open();
        c.Close();
        c.Close();
        c.Open();
        t.Try("change connection string while open", () => c.ConnectionString = "Data Source=x");
        t.Try("ChangeDatabase", () => c.ChangeDatabase("other"));
    });

    /// <summary>Pooling: data survives close/reopen and ClearAllPools.</summary>
    [Fact]
    public void Pooling() => ConformanceRunner.Compare((target, t, path) =>
    {
        for (int i = 0; i < 3; i++)
        {
            using var c = target.Open("Data Source=" + path);
            Exec(c, "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (" + i + ")");
        }
        target.ClearAllPools();
        using var d = target.Open("Data Source=" + path);
        t.Add("rows", Scalar(d, "SELECT group_concat(x) FROM t"));
    });

    /// <summary>User-defined scalar functions.</summary>
    [Fact]
    public void ScalarFunctions() => Compare((target, t, c) =>
    {
        target.CreateFunction<long, long>(c, "twice", x => x * 2, deterministic: true);
        target.CreateFunction<string, string, string>(c, "joinup", (a, b) => a + "|" + b);
        target.CreateFunction<long?, string>(c, "describe", x => x is null ? "null" : "n" + x);
        target.CreateFunction(c, "answer", () => 42);
        target.CreateVariadicFunction(c, "countargs", args => args.Length);
        target.CreateFunction<long, long>(c, "boom", x => throw new InvalidOperationException("boom " + x));
        t.Try("twice", () => Scalar(c, "SELECT twice(21)"));
        t.Try("joinup", () => Scalar(c, "SELECT joinup('a', 'b')"));
        t.Try("describe null", () => Scalar(c, "SELECT describe(NULL)"));
        t.Try("describe 5", () => Scalar(c, "SELECT describe(5)"));
        t.Try("answer", () => Scalar(c, "SELECT answer()"));
        t.Try("countargs", () => Scalar(c, "SELECT countargs(1, 'x', NULL)"));
        t.Try("wrong arity", () => Scalar(c, "SELECT twice(1, 2)"));
        t.Try("boom", () => Scalar(c, "SELECT boom(3)"));
        t.Try("twice text", () => Scalar(c, "SELECT twice('4')"));
    });

    /// <summary>User-defined aggregates.</summary>
    [Fact]
    public void Aggregates() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x); INSERT INTO t VALUES (1), (2), (3)");
        target.CreateAggregate<long, long>(c, "mysum", 0L, (acc, x) => acc + x);
        target.CreateAggregate<string, string, string>(c, "concat", "", (acc, x) => acc + x, acc => "[" + acc + "]");
        t.Try("mysum", () => Scalar(c, "SELECT mysum(x) FROM t"));
        t.Try("concat", () => Scalar(c, "SELECT concat(x) FROM t"));
        t.Try("mysum empty", () => Scalar(c, "SELECT mysum(x) FROM t WHERE x > 10"));
    });

    /// <summary>Backup copies schema and rows.</summary>
    [Fact]
    public void Backup() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var src = target.Open("Data Source=" + path);
        Exec(src, "CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT); CREATE INDEX t_v ON t(v); INSERT INTO t VALUES (5, 'a'), (9, 'b')");
        using var dst = target.Open("Data Source=:memory:");
        Exec(dst, "CREATE TABLE junk(x)");
        target.Backup(src, dst);
        t.Add("rows", Scalar(dst, "SELECT group_concat(id || v) FROM t"));
        t.Add("schema", Scalar(dst, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_schema ORDER BY name)"));
    });

    /// <summary>Async API results equal the sync ones.</summary>
    [Fact]
    public void AsyncApi() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(x)");
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO t VALUES (1), (2)";
        t.Add("nonquery", cmd.ExecuteNonQueryAsync().GetAwaiter().GetResult());
        cmd.CommandText = "SELECT x FROM t ORDER BY x";
        t.Add("scalar", cmd.ExecuteScalarAsync().GetAwaiter().GetResult());
        using var r = cmd.ExecuteReaderAsync().GetAwaiter().GetResult();
        while (r.ReadAsync().GetAwaiter().GetResult()) t.Add("row", r.GetValue(0));
        t.Add("next", r.NextResultAsync().GetAwaiter().GetResult());
    });

    /// <summary>GetSchemaTable basics.</summary>
    [Fact]
    public void SchemaTable() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, n)");
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, name AS nm, n, 1 + 1 AS expr FROM t";
        using var r = cmd.ExecuteReader();
        var schema = r.GetSchemaTable()!;
        foreach (DataRow row in schema.Rows)
        {
            foreach (var col in new[] { "ColumnName", "ColumnOrdinal", "BaseColumnName", "BaseTableName", "DataTypeName", "IsExpression", "IsAliased" })
            {
                t.Add(row["ColumnName"] + "." + col, row[col]);
            }
        }
    });

    /// <summary>The factory and its objects.</summary>
    [Fact]
    public void Factory() => ConformanceRunner.Compare((target, t, path) =>
    {
        var f = target.Factory;
        t.Add("CanCreateDataAdapter", f.CanCreateDataAdapter);
        t.Add("CanCreateCommandBuilder", f.CanCreateCommandBuilder);
        var p = f.CreateParameter()!;
        t.Add("param DbType", p.DbType);
        t.Add("param Direction", p.Direction);
        t.Try("param output", () => p.Direction = ParameterDirection.Output);
        var cmd = f.CreateCommand()!;
        t.Add("CommandTimeout", cmd.CommandTimeout);
        t.Add("CommandType", cmd.CommandType);
        t.Try("StoredProcedure", () => cmd.CommandType = CommandType.StoredProcedure);
        t.Try("execute without connection", () =>
        {
            cmd.CommandText = "SELECT 1";
            return cmd.ExecuteScalar();
        });
    });

    /// <summary>Parameter collection behaviour.</summary>
    [Fact]
    public void ParameterCollection() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        Param(cmd, "@a", 1);
        Param(cmd, "b", 2);
        t.Add("count", cmd.Parameters.Count);
        t.Add("contains @a", cmd.Parameters.Contains("@a"));
        t.Add("contains a", cmd.Parameters.Contains("a"));
        t.Add("indexof b", cmd.Parameters.IndexOf("b"));
        t.Try("missing", () => cmd.Parameters["zz"]);
        cmd.Parameters.RemoveAt("@a");
        t.Add("count after remove", cmd.Parameters.Count);
    });

    /// <summary>Parameters reused across the statements of one command.</summary>
    [Fact]
    public void ParametersAcrossStatements() => Compare((target, t, c) =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "CREATE TABLE t(x); INSERT INTO t VALUES (@v); INSERT INTO t VALUES (@v + 1); SELECT sum(x) FROM t";
        Param(cmd, "@v", 10);
        t.Add("scalar", cmd.ExecuteScalar());
    });

    /// <summary>last_insert_rowid and changes through the provider.</summary>
    [Fact]
    public void RowIds() => Compare((target, t, c) =>
    {
        Exec(c, "CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)");
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT INTO t(v) VALUES (@v); SELECT last_insert_rowid()";
        var p = Param(cmd, "@v", "a");
        t.Add("first", cmd.ExecuteScalar());
        p.Value = "b";
        t.Add("second", cmd.ExecuteScalar());
        t.Add("seq", Scalar(c, "SELECT seq FROM sqlite_sequence WHERE name = 't'"));
    });
}
