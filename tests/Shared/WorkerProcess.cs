using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MiniSql.TestSupport;

/// <summary>
/// One tests/MiniSql.TestWorker child process (<c>dotnet MiniSql.TestWorker.dll &lt;role&gt; &lt;args&gt;</c>) with its
/// stdout read line by line. <see cref="Dispose"/> kills it if it still runs, so no test leaves an orphan; every wait
/// has a timeout. Linked into the test projects that start workers.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly List<string> _all = new();

    private WorkerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.CompleteAdding();
                return;
            }
            lock (_all)
                _all.Add(e.Data);
            _lines.Add(e.Data);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                lock (_stderr)
                    _stderr.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The worker assembly: tests/MiniSql.TestWorker/bin/&lt;configuration&gt;/net10.0 of this repository
    /// (built first through a ProjectReference with ReferenceOutputAssembly=false).</summary>
    public static string WorkerDll
    {
        get
        {
            var binTfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = binTfm.Parent?.Name ?? "Release";
            for (var dir = binTfm; dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "MiniSql.sln")))
                    continue;
                string bin = Path.Combine(dir.FullName, "tests", "MiniSql.TestWorker", "bin");
                foreach (string config in new[] { configuration, "Release", "Debug" })
                {
                    string dll = Path.Combine(bin, config, binTfm.Name, "MiniSql.TestWorker.dll");
                    if (File.Exists(dll))
                        return dll;
                }
            }
            throw new FileNotFoundException("MiniSql.TestWorker.dll not found; build tests/MiniSql.TestWorker (searched up from "
                + AppContext.BaseDirectory + ")");
        }
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH when the SDK sets it).</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the worker wrote to stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>Every stdout line received so far.</summary>
    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_all)
                return _all.ToArray();
        }
    }

    /// <summary>Starts the worker in role <paramref name="role"/>.</summary>
    public static WorkerProcess Start(string role, params string[] args) => Start(new Dictionary<string, string>(), role, args);

    /// <summary>Starts the worker in role <paramref name="role"/> with extra environment variables (TZ, ...).</summary>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> environment, string role, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        info.ArgumentList.Add(WorkerDll);
        info.ArgumentList.Add(role);
        foreach (string a in args)
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + WorkerDll);
        return new WorkerProcess(process);
    }

    /// <summary>The next stdout line; null at end of output. Throws <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/>.</summary>
    public string? ReadLine(TimeSpan timeout)
    {
        try
        {
            if (_lines.TryTake(out string? line, timeout))
                return line;
        }
        catch (InvalidOperationException)
        {
            return null; // completed and empty
        }
        if (_lines.IsCompleted)
            return null;
        throw new TimeoutException($"worker {_process.Id} wrote nothing for {timeout.TotalSeconds:0} s; stderr: {StandardError}");
    }

    /// <summary>Reads lines until one equals or starts with <paramref name="prefix"/>; fails on end of output.</summary>
    public string WaitFor(string prefix, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            string? line = ReadLine(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            if (line is null)
                throw new InvalidOperationException($"worker ended before '{prefix}': {string.Join(" | ", Output)} {StandardError}");
            if (line.StartsWith(prefix, StringComparison.Ordinal))
                return line;
        }
    }

    /// <summary>Sends one line to the worker's stdin.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the worker's stdin (end of input).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>SIGKILL (Process.Kill), then waits for the exit and for the rest of stdout.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        if (!_process.WaitForExit(30_000))
            throw new TimeoutException($"worker {_process.Id} did not die after SIGKILL");
        _process.WaitForExit(); // drains the redirected streams
    }

    /// <summary>Waits for a normal exit and returns the exit code; kills the worker and throws on timeout.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"worker {_process.Id} did not exit within {timeout.TotalSeconds:0} s; output: "
                + string.Join(" | ", Output) + " stderr: " + StandardError);
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                Kill();
            else
                _process.WaitForExit(10_000); // let the stdout reader finish before the queue is disposed
        }
        catch (Exception)
        {
            // Best effort: the process is gone or cannot be killed; nothing else to do in Dispose.
        }
        _process.Dispose();
        _lines.Dispose();
    }
}
