namespace MiniSql.Bench;

internal static class Program
{
    private static int Main(string[] args)
    {
        string which = args.Length > 0 ? args[0] : "help";
        string[] rest = args.Length > 0 ? args[1..] : [];
        switch (which)
        {
            case "storage":
                return StorageBench.Run(rest);
            case "provider":
                return ProviderBenchmark.Run(rest);
            case "memory":
                return MemoryBenchmark.Run(rest);
            case "wal":
                return WalBench.Run(rest);
            default:
                Console.WriteLine("usage: dotnet run -c Release --project bench/MiniSql.Bench -- <benchmark> [args]");
                Console.WriteLine("  storage [rows]   1,000,000 sequential ~40-byte rows: insert + scan, file size, beside SQLite");
                Console.WriteLine("  provider [passes] prepared-insert and reader per-row cost (cold and warm) and allocations of MiniSql.Data beside Microsoft.Data.Sqlite");
                Console.WriteLine("  memory [rows]    10,000,000-row table: count/sum and a streamed SELECT * must stay under 100 MB");
                Console.WriteLine("  wal [frames] [reads]  WAL mode beside SQLite: commits/s (FULL, NORMAL), reads/s with a writer, checkpoint of 100,000 frames");
                return which == "help" ? 0 : 2;
        }
    }
}
