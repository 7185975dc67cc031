using System.Diagnostics;

namespace MiniSql.Vfs.Tests;

/// <summary>
/// A python3 child process that takes classic POSIX locks (fcntl.lockf) and runs real SQLite (python's sqlite3
/// module) on request, one command per line, answering "ok" or "err ...". Lets tests check cross-process locking.
/// </summary>
public sealed class PythonLockHelper : IDisposable
{
    private const string Script = """
        import sys, os, fcntl, sqlite3
        fds = {}
        con = None
        for line in sys.stdin:
            p = line.split()
            try:
                if p[0] == 'open':
                    fds[p[1]] = os.open(p[2], os.O_RDWR | os.O_CREAT)
                elif p[0] == 'lock':
                    mode = fcntl.LOCK_EX if p[2] == 'w' else fcntl.LOCK_SH
                    fcntl.lockf(fds[p[1]], mode | fcntl.LOCK_NB, int(p[4]), int(p[3]), 0)
                elif p[0] == 'unlock':
                    fcntl.lockf(fds[p[1]], fcntl.LOCK_UN, int(p[3]), int(p[2]), 0)
                elif p[0] == 'sqlopen':
                    con = sqlite3.connect(p[1], timeout=0, isolation_level=None)
                elif p[0] == 'sql':
                    con.execute(line.split(' ', 1)[1]).fetchall()
                elif p[0] == 'sqlclose':
                    con.close()
                print('ok', flush=True)
            except Exception as e:
                print('err ' + str(e).replace('\n', ' '), flush=True)
        """;

    private readonly Process _process;

    public PythonLockHelper()
    {
        var psi = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-u");
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start python3");
    }

    /// <summary>Sends one command and returns the reply line.</summary>
    public string Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
        return _process.StandardOutput.ReadLine() ?? "err python3 exited";
    }

    /// <summary>Sends a command that must succeed.</summary>
    public void Ok(string command) => Assert.Equal("ok", Send(command));

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
                _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }
}
