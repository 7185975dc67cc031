using System.Diagnostics;
using System.Text;

namespace MiniSql.Shell.Tests;

/// <summary>Runs the built minisql.dll as a child process (dotnet minisql.dll ...) with stdin text.</summary>
internal static class MinisqlProcess
{
    /// <summary>Path of the shell assembly copied next to the tests.</summary>
    public static string ShellDll => Path.Combine(AppContext.BaseDirectory, "minisql.dll");

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH when set by the SDK).</summary>
    public static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Runs minisql with <paramref name="args"/>, feeding <paramref name="stdin"/>; returns output and exit code.</summary>
    public static (string Out, string Err, int ExitCode) Run(string stdin, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ShellDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("minisql did not exit within 60 s");
        }
        return (stdout.Result, stderr.Result, process.ExitCode);
    }
}
