// TodoApp — a to-do list on MiniSql.Data + Dapper.
//   dotnet run --project samples/TodoApp -- add "buy milk"
//   dotnet run --project samples/TodoApp -- list | done 1 | remove 1 | clear
// The list lives in todo.db in the current directory (override with TODO_DB).
using Dapper;
using MiniSql.Data;

namespace TodoApp;

internal static class Program
{
    private static int Main(string[] args)
    {
        string path = Environment.GetEnvironmentVariable("TODO_DB") ?? "todo.db";
        using var connection = new MiniSqlConnection("Data Source=" + path);
        connection.Open();
        connection.Execute("CREATE TABLE IF NOT EXISTS todo(id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL)");

        string command = args.Length > 0 ? args[0] : "list";
        switch (command)
        {
            case "add" when args.Length > 1:
                connection.Execute("INSERT INTO todo(title, created) VALUES (@title, @created)",
                    new { title = string.Join(' ', args[1..]), created = DateTime.Now });
                Console.WriteLine("added #" + connection.ExecuteScalar<long>("SELECT last_insert_rowid()"));
                return 0;
            case "done" when args.Length > 1 && long.TryParse(args[1], out long id):
                return Report(connection.Execute("UPDATE todo SET done = 1 WHERE id = @id", new { id }), id);
            case "remove" when args.Length > 1 && long.TryParse(args[1], out long id):
                return Report(connection.Execute("DELETE FROM todo WHERE id = @id", new { id }), id);
            case "clear":
                Console.WriteLine($"removed {connection.Execute("DELETE FROM todo WHERE done = 1")} finished item(s)");
                return 0;
            case "list":
                foreach (var item in connection.Query<TodoItem>("SELECT id, title, done, created FROM todo ORDER BY id"))
                {
                    Console.WriteLine($"{item.Id,4} [{(item.Done ? 'x' : ' ')}] {item.Title}  ({item.Created:yyyy-MM-dd HH:mm})");
                }
                return 0;
            default:
                Console.Error.WriteLine("usage: TodoApp add <title> | list | done <id> | remove <id> | clear");
                return 2;
        }
    }

    private static int Report(int changed, long id)
    {
        if (changed == 1) return 0;
        Console.Error.WriteLine($"no item #{id}");
        return 1;
    }
}

/// <summary>One row of the todo table.</summary>
internal sealed class TodoItem
{
    public long Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public bool Done { get; set; }

    public DateTime Created { get; set; }
}
