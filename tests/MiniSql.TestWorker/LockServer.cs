using Microsoft.Win32.SafeHandles;
using SQLitePCL;

namespace MiniSql.TestWorker;

/// <summary>
/// lock-server: takes classic POSIX locks (fcntl F_SETLK, never waiting) and runs real SQLite statements on request,
/// one command per stdin line, answering "ok" or "err &lt;message&gt;". Commands:
/// <c>open &lt;name&gt; &lt;path&gt;</c>, <c>lock &lt;name&gt; r|w &lt;start&gt; &lt;length&gt;</c>,
/// <c>unlock &lt;name&gt; &lt;start&gt; &lt;length&gt;</c>, <c>sqlopen &lt;path&gt;</c> (busy timeout 0, autocommit),
/// <c>sql &lt;statement&gt;</c> (rows discarded), <c>sqlclose</c>. Exits at end of input.
/// </summary>
internal static class LockServer
{
    public static int Run()
    {
        var files = new Dictionary<string, SafeFileHandle>(StringComparer.Ordinal);
        sqlite3? connection = null;
        Batteries_V2.Init();
        try
        {
            string? line;
            while ((line = Console.ReadLine()) is not null)
            {
                string[] p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (p.Length == 0)
                    continue;
                string reply;
                try
                {
                    reply = p[0] switch
                    {
                        "open" => Open(files, p[1], p[2]),
                        "lock" => PosixLocks.Set(files[p[1]], p[2] == "w" ? PosixLocks.WriteLock : PosixLocks.ReadLock,
                            long.Parse(p[3]), long.Parse(p[4])),
                        "unlock" => PosixLocks.Set(files[p[1]], PosixLocks.Unlock, long.Parse(p[2]), long.Parse(p[3])),
                        "sqlopen" => SqlOpen(p[1], out connection),
                        "sql" => Sql(connection, line[(line.IndexOf(' ') + 1)..]),
                        "sqlclose" => SqlClose(ref connection),
                        _ => "err unknown command " + p[0],
                    };
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeyNotFoundException
                    or IndexOutOfRangeException or FormatException)
                {
                    reply = "err " + e.Message.ReplaceLineEndings(" ");
                }
                Console.WriteLine(reply);
            }
            return 0;
        }
        finally
        {
            if (connection is not null)
                raw.sqlite3_close_v2(connection);
            foreach (var handle in files.Values)
                handle.Dispose();
        }
    }

    private static string Open(Dictionary<string, SafeFileHandle> files, string name, string path)
    {
        files[name] = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        return "ok";
    }

    private static string SqlOpen(string path, out sqlite3? connection)
    {
        int rc = raw.sqlite3_open_v2(path, out connection, raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE, null);
        if (rc != raw.SQLITE_OK)
            return "err " + raw.sqlite3_errmsg(connection).utf8_to_string();
        raw.sqlite3_busy_timeout(connection, 0);
        return "ok";
    }

    private static string Sql(sqlite3? connection, string sql)
    {
        if (connection is null)
            return "err no connection";
        int rc = raw.sqlite3_exec(connection, sql, null, null, out string? message);
        return rc == raw.SQLITE_OK ? "ok" : "err " + (message ?? raw.sqlite3_errstr(rc).utf8_to_string());
    }

    private static string SqlClose(ref sqlite3? connection)
    {
        if (connection is not null)
            raw.sqlite3_close_v2(connection);
        connection = null;
        return "ok";
    }
}
