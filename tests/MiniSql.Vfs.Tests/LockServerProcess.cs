using MiniSql.TestSupport;

namespace MiniSql.Vfs.Tests;

/// <summary>
/// A tests/MiniSql.TestWorker "lock-server" child process that takes classic POSIX locks (fcntl F_SETLK) and runs
/// real SQLite on request, one command per line, answering "ok" or "err ...". Lets tests check cross-process locking.
/// </summary>
public sealed class LockServerProcess : IDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private readonly WorkerProcess _worker = WorkerProcess.Start("lock-server");

    /// <summary>Sends one command and returns the reply line.</summary>
    public string Send(string command)
    {
        _worker.Send(command);
        return _worker.ReadLine(ReplyTimeout) ?? "err lock-server exited: " + _worker.StandardError;
    }

    /// <summary>Sends a command that must succeed.</summary>
    public void Ok(string command) => Assert.Equal("ok", Send(command));

    public void Dispose()
    {
        try
        {
            _worker.CloseInput();
            _worker.WaitForExit(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _worker.Dispose();
        }
    }
}
