using System.Diagnostics;
using System.Text;

namespace MiniSql.Shell.Tests;

/// <summary>
/// Drives minisql through a real pseudo-terminal: util-linux <c>script</c> (present on every Debian/Ubuntu, package
/// bsdutils, Essential) allocates the pty and forwards our keystrokes. Checks banner, prompts, line editing, history,
/// multi-line statements and Ctrl-C.
/// </summary>
public sealed class InteractiveTests
{
    [Fact]
    public void Line_editing_history_and_quit_in_a_terminal()
    {
        using var session = new TerminalSession();
        session.WaitFor("minisql> ", 1);
        Assert.Contains("Connected to a transient in-memory database.", session.Output);
        Assert.Contains("Use \".open FILENAME\" to reopen on a persistent database.", session.Output);

        // Left arrow twice, then insert: ".print 12" becomes ".print 312".
        session.Send(".print 12\u001b[D\u001b[D3\r");
        session.WaitFor("minisql> ", 2);
        // Up arrow recalls the previous line; Home + Ctrl-K clears, then a new line.
        session.Send("\u001b[A\r");
        session.WaitFor("minisql> ", 3);
        session.Send("junk\u0001\u000b.print done\r");
        session.WaitFor("minisql> ", 4);
        session.Send(".quit\r");
        Assert.Equal(0, session.WaitForExit());
        string text = session.Output;
        Assert.Equal(2, Count(text, "312\r\n"));
        Assert.Contains("done\r\n", text);
        Assert.Contains(".print 312", File.ReadAllText(Path.Combine(session.Home, ".minisql_history")));
    }

    /// <summary>minisql running on a pseudo-terminal opened by util-linux script, with a private HOME.</summary>
    internal sealed class TerminalSession : IDisposable
    {
        private readonly TestShell.TempDir _home = TestShell.CreateTempDir();
        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private readonly Thread _reader;

        public TerminalSession(params string[] args)
        {
            var info = new ProcessStartInfo(FindScript())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            info.ArgumentList.Add("-q");
            info.ArgumentList.Add("-e");
            info.ArgumentList.Add("-c");
            // "exec": script runs the command through $SHELL -c; a shell left waiting as the parent (dash, when CI has
            // no SHELL) dies of the SIGINT a Ctrl-C sends the whole foreground group, and script reports its 130.
            var command = new StringBuilder("exec '" + MinisqlProcess.DotnetHost + "' '" + MinisqlProcess.ShellDll + "'");
            foreach (var a in args) command.Append(" '").Append(a).Append('\'');
            info.ArgumentList.Add(command.ToString());
            info.ArgumentList.Add("/dev/null");
            info.Environment["HOME"] = _home.Path;
            info.Environment["TERM"] = "xterm";
            info.Environment["SHELL"] = "/bin/sh";
            _process = Process.Start(info)!;
            _reader = new Thread(() =>
            {
                var buffer = new char[4096];
                int n;
                while ((n = _process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (_output)
                    {
                        _output.Append(buffer, 0, n);
                        Monitor.PulseAll(_output);
                    }
                }
            }) { IsBackground = true };
            _reader.Start();
        }

        public string Home => _home.Path;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public void Send(string keys)
        {
            _process.StandardInput.Write(keys);
            _process.StandardInput.Flush();
        }

        /// <summary>Waits (up to 30 s) until <paramref name="marker"/> has appeared <paramref name="times"/> times.</summary>
        public void WaitFor(string marker, int times)
        {
            if (!TryWaitFor(marker, times, TimeSpan.FromSeconds(30)))
                Assert.Fail($"timed out waiting for '{marker}' x{times}; terminal output so far:\n{Output}");
        }

        /// <summary>Waits up to <paramref name="timeout"/>; false when the marker did not appear often enough.</summary>
        public bool TryWaitFor(string marker, int times, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_output)
            {
                while (Count(_output.ToString(), marker) < times)
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || !Monitor.Wait(_output, left) && Count(_output.ToString(), marker) < times)
                        return false;
                }
            }
            return true;
        }

        public int WaitForExit()
        {
            Assert.True(_process.WaitForExit(30_000), "minisql did not exit");
            _reader.Join(5_000);
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
            _home.Dispose();
        }
    }

    internal static string FindScript()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            string candidate = Path.Combine(dir, "script");
            if (File.Exists(candidate)) return candidate;
        }
        Assert.Fail("The interactive test needs util-linux 'script' (Debian package bsdutils) on PATH to open a pseudo-terminal.");
        return "";
    }

    internal static int Count(string text, string what)
    {
        int n = 0;
        for (int i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
