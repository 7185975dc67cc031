using System.Buffers.Binary;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

/// <summary>Damaged journals and headers end in a MiniSqlException or a clean open, never in another exception.</summary>
public class PagerRobustnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_journals_never_escape_as_non_sqlite_errors(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 100; round++)
        {
            var vfs = new MemoryVfs(round);
            using (var setup = Pager.Open(vfs, "r.db", new PagerOptions { PageSize = 512 }))
                CreateDatabase(setup, 6, 1);
            byte[] journal = new byte[random.Next(1, 6000)];
            random.NextBytes(journal);
            if (random.Next(3) > 0 && journal.Length >= 28)
            {
                // A plausible header with random counts and sizes, so playback gets past the magic.
                RollbackJournal.WriteHeader(journal.AsSpan(0, 28), (uint)random.Next(-1, 20), (uint)random.Next(),
                    (uint)random.Next(0, 10), 1 << random.Next(5, 17), 1 << random.Next(8, 17));
            }
            WriteAll(vfs, "r.db-journal", journal);
            try
            {
                using var pager = Pager.Open(vfs, "r.db");
                pager.BeginRead();
                if (pager.PageCount > 0)
                    pager.Release(pager.GetPage(pager.PageCount));
                pager.EndRead();
            }
            catch (MiniSqlException)
            {
                // Any SQLite error is an acceptable outcome for garbage.
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, round {round}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Random_header_damage_is_not_a_database_or_opens(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            var vfs = new MemoryVfs(round);
            using (var setup = Pager.Open(vfs, "r.db", new PagerOptions { PageSize = 1024 }))
                CreateDatabase(setup, 3, 1);
            byte[] file = ReadAll(vfs, "r.db");
            for (int i = random.Next(1, 4); i > 0; i--)
                file[random.Next(0, 100)] = (byte)random.Next(256);
            if (random.Next(4) == 0)
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(28), (uint)random.Next());
            WriteAll(vfs, "r.db", file.AsSpan(0, random.Next(1, file.Length + 1)));
            try
            {
                using var pager = Pager.Open(vfs, "r.db");
                pager.BeginRead();
                pager.Release(pager.GetPage(1));
                _ = pager.UserVersion;
                pager.EndRead();
            }
            catch (MiniSqlException ex)
            {
                Assert.True(ex.ResultCode is ResultCode.NotADb or ResultCode.Corrupt or ResultCode.CantOpen,
                    $"seed {seed}, round {round}: {ex.ResultCode} {ex.Message}");
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, round {round}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }
}
