namespace MiniSql.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.WriteLine("MiniSql bench: no benchmarks yet");
        return 0;
    }
}
