using System.Data.Common;
using Dapper;

namespace MiniSql.OracleTests.Provider;

/// <summary>Dapper over both providers: the same objects come back from Query, QueryFirst, Execute, multi-mapping and QueryMultiple.</summary>
public sealed class DapperConformanceTests
{
    /// <summary>A row type for typed queries.</summary>
    public sealed class Todo
    {
        /// <summary>Row id.</summary>
        public long Id { get; set; }

        /// <summary>Title.</summary>
        public string Title { get; set; } = string.Empty;

        /// <summary>Done flag (stored as 0/1).</summary>
        public bool Done { get; set; }

        /// <summary>Optional priority.</summary>
        public int? Priority { get; set; }

        /// <summary>Owner id.</summary>
        public long OwnerId { get; set; }

        /// <summary>Owner (multi-mapping).</summary>
        public Owner? Owner { get; set; }

        /// <inheritdoc />
        public override string ToString() => $"{Id}|{Title}|{Done}|{Priority?.ToString() ?? "null"}|{OwnerId}|{Owner}";
    }

    /// <summary>Owner row type.</summary>
    public sealed class Owner
    {
        /// <summary>Row id.</summary>
        public long Id { get; set; }

        /// <summary>Name.</summary>
        public string Name { get; set; } = string.Empty;

        /// <inheritdoc />
        public override string ToString() => $"{Id}:{Name}";
    }

    private static DbConnection Seed(ProviderTarget target, string path)
    {
        var c = target.Open("Data Source=" + path);
        c.Execute("CREATE TABLE owner(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
            + "CREATE TABLE todo(id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL, priority INTEGER, owner_id INTEGER)");
        c.Execute("INSERT INTO owner(id, name) VALUES (@Id, @Name)", new[] { new { Id = 1, Name = "ann" }, new { Id = 2, Name = "bob" } });
        c.Execute("INSERT INTO todo(title, done, priority, owner_id) VALUES (@Title, @Done, @Priority, @OwnerId)", new[]
        {
            new Todo { Title = "milk", Done = false, Priority = 2, OwnerId = 1 },
            new Todo { Title = "bread", Done = true, Priority = null, OwnerId = 2 },
            new Todo { Title = "eggs", Done = false, Priority = 1, OwnerId = 1 },
        });
        return c;
    }

    /// <summary>Typed Query with an anonymous parameter object.</summary>
    [Fact]
    public void QueryTyped() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        foreach (var todo in c.Query<Todo>("SELECT id, title, done, priority, owner_id AS OwnerId FROM todo WHERE done = @done ORDER BY id", new { done = false }))
        {
            t.Add("todo", todo.ToString());
        }
    });

    /// <summary>QueryFirst, QueryFirstOrDefault, ExecuteScalar and dynamic rows.</summary>
    [Fact]
    public void QueryFirstAndScalar() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        t.Add("first", c.QueryFirst<Todo>("SELECT id, title, done, priority FROM todo ORDER BY id DESC").ToString());
        t.Add("default", c.QueryFirstOrDefault<Todo>("SELECT * FROM todo WHERE id = 99")?.ToString());
        t.Add("scalar", c.ExecuteScalar<long>("SELECT count(*) FROM todo"));
        t.Add("string", c.ExecuteScalar<string>("SELECT title FROM todo WHERE id = @id", new { id = 2 }));
        var row = c.QueryFirst("SELECT id, title, priority FROM todo WHERE id = 2");
        var dict = (IDictionary<string, object?>)row;
        foreach (var kv in dict) t.Add("dynamic." + kv.Key, kv.Value);
        t.Add("list", string.Join(",", c.Query<string>("SELECT title FROM todo WHERE id IN @ids ORDER BY id", new { ids = new[] { 1, 3 } })));
    });

    /// <summary>Execute returns affected rows; DynamicParameters.</summary>
    [Fact]
    public void ExecuteCounts() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        t.Add("update", c.Execute("UPDATE todo SET done = 1 WHERE owner_id = @owner", new { owner = 1 }));
        var p = new DynamicParameters();
        p.Add("t", "milk");
        t.Add("delete", c.Execute("DELETE FROM todo WHERE title = @t", p));
        t.Add("left", c.ExecuteScalar<long>("SELECT count(*) FROM todo WHERE done = 1"));
    });

    /// <summary>Multi-mapping a join into two objects.</summary>
    [Fact]
    public void MultiMapping() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        var rows = c.Query<Todo, Owner, Todo>(
            "SELECT t.id, t.title, t.done, t.priority, t.owner_id AS OwnerId, o.id, o.name FROM todo t JOIN owner o ON o.id = t.owner_id ORDER BY t.id",
            (todo, owner) =>
            {
                todo.Owner = owner;
                return todo;
            },
            splitOn: "id");
        foreach (var r in rows) t.Add("row", r.ToString());
    });

    /// <summary>QueryMultiple over several result sets.</summary>
    [Fact]
    public void QueryMultiple() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        using var grid = c.QueryMultiple("SELECT count(*) FROM todo; SELECT id, name FROM owner ORDER BY id; SELECT title FROM todo WHERE priority IS NULL");
        t.Add("count", grid.ReadSingle<long>());
        foreach (var o in grid.Read<Owner>()) t.Add("owner", o.ToString());
        t.Add("title", grid.ReadFirst<string>());
    });

    /// <summary>Async Dapper calls.</summary>
    [Fact]
    public void AsyncQueries() => ConformanceRunner.Compare((target, t, path) =>
    {
        using var c = Seed(target, path);
        var list = c.QueryAsync<Todo>("SELECT id, title, done FROM todo ORDER BY title").GetAwaiter().GetResult();
        foreach (var todo in list) t.Add("todo", todo.ToString());
        t.Add("exec", c.ExecuteAsync("INSERT INTO todo(title, done) VALUES ('x', 0)").GetAwaiter().GetResult());
    });
}
