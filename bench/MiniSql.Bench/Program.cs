namespace MiniSql.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "provider") return ProviderBenchmark.Run();
        Console.WriteLine("MiniSql bench: no benchmarks yet");
        return 0;
    }
}
