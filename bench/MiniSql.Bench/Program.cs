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
            default:
                Console.WriteLine("usage: dotnet run -c Release --project bench/MiniSql.Bench -- <benchmark> [args]");
                Console.WriteLine("  storage [rows]   1,000,000 sequential ~40-byte rows: insert + scan, file size, beside SQLite");
                return which == "help" ? 0 : 2;
        }
    }
}
