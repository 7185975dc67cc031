using System.Buffers.Binary;
using System.Text;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;
using static MiniSql.Engine.Tests.Storage.StorageTestFiles;

namespace MiniSql.Engine.Tests.Storage;

/// <summary>Hot journals written by hand, byte by byte, per fileformat2 section 4.1.</summary>
public class PagerHotJournalTests
{
    private const int PageSize = 1024;
    private const int Sector = 512;
    private readonly MemoryVfs _vfs = new(11);

    private byte[] CreateOriginal(uint pages)
    {
        using (var pager = Pager.Open(_vfs, "h.db", new PagerOptions { PageSize = PageSize }))
            CreateDatabase(pager, pages, 1);
        return ReadAll(_vfs, "h.db");
    }

    private static byte[] Header(uint recordCount, uint nonce, uint initialSize)
    {
        var header = new byte[Sector];
        RollbackJournal.WriteHeader(header, recordCount, nonce, initialSize, Sector, PageSize);
        return header;
    }

    private static byte[] Record(byte[] original, uint pageNumber, uint nonce, bool corrupt = false)
    {
        var record = new byte[PageSize + 8];
        RollbackJournal.WriteRecord(record, pageNumber, original.AsSpan((int)(pageNumber - 1) * PageSize, PageSize), nonce);
        if (corrupt)
            record[PageSize + 7] ^= 1;
        return record;
    }

    private static byte[] Pad(List<byte> bytes)
    {
        while (bytes.Count % Sector != 0)
            bytes.Add(0);
        return bytes.ToArray();
    }

    /// <summary>Simulates the crashed writer: pages scribbled over and the file grown to <paramref name="pages"/>.</summary>
    private void Scribble(byte[] original, uint pages, params uint[] pageNumbers)
    {
        var damaged = new byte[pages * PageSize];
        original.AsSpan(0, Math.Min(original.Length, damaged.Length)).CopyTo(damaged);
        foreach (uint n in pageNumbers)
            damaged.AsSpan((int)(n - 1) * PageSize, PageSize).Fill(0xEE);
        WriteAll(_vfs, "h.db", damaged);
    }

    private byte[] OpenAndRead()
    {
        using var pager = Pager.Open(_vfs, "h.db", new PagerOptions { PageSize = 4096 });
        pager.BeginRead();
        pager.EndRead();
        return ReadAll(_vfs, "h.db");
    }

    [Fact]
    public void Multi_segment_journal_is_rolled_back_until_the_first_bad_checksum()
    {
        byte[] original = CreateOriginal(6);
        var journal = new List<byte>();
        journal.AddRange(Header(2, 0x11111111, 6));
        journal.AddRange(Record(original, 2, 0x11111111));
        journal.AddRange(Record(original, 3, 0x11111111));
        journal.AddRange(Pad(new List<byte>(journal)).Skip(journal.Count));
        // Second segment: "to end of file", with a record for page 6 whose checksum is wrong.
        journal.AddRange(Header(0xFFFFFFFF, 0x22222222, 6));
        journal.AddRange(Record(original, 5, 0x22222222));
        journal.AddRange(Record(original, 6, 0x22222222, corrupt: true));
        journal.AddRange(Record(original, 4, 0x22222222));
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 8, 2, 3, 4, 5, 6);

        byte[] recovered = OpenAndRead();

        Assert.Equal(6 * PageSize, recovered.Length);
        foreach (int n in new[] { 1, 2, 3, 5 })
            Assert.True(original.AsSpan((n - 1) * PageSize, PageSize).SequenceEqual(recovered.AsSpan((n - 1) * PageSize, PageSize)), $"page {n}");
        // Playback stopped at page 6's bad checksum, so neither 6 nor the later record for 4 was applied.
        Assert.All(recovered[(5 * PageSize)..(6 * PageSize)], b => Assert.Equal(0xEE, b));
        Assert.All(recovered[(3 * PageSize)..(4 * PageSize)], b => Assert.Equal(0xEE, b));
        Assert.False(_vfs.Exists("h.db-journal"));
    }

    [Fact]
    public void Record_count_0_means_every_record_in_the_file()
    {
        byte[] original = CreateOriginal(4);
        var journal = new List<byte>(Header(0, 7, 4));
        journal.AddRange(Record(original, 1, 7));
        journal.AddRange(Record(original, 4, 7));
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 4, 1, 4);
        Assert.Equal(original, OpenAndRead());
    }

    [Fact]
    public void Exact_record_count_ignores_stale_records_after_it()
    {
        byte[] original = CreateOriginal(4);
        var journal = new List<byte>(Header(1, 7, 4));
        journal.AddRange(Record(original, 2, 7));
        var stale = Record(original, 3, 7);
        stale.AsSpan(4, PageSize).Fill(0x55); // would be a valid-looking record if the count were ignored
        BinaryPrimitives.WriteUInt32BigEndian(stale.AsSpan(4 + PageSize), RollbackJournal.Checksum(7, stale.AsSpan(4, PageSize)));
        journal.AddRange(stale);
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 4, 2);
        Assert.Equal(original, OpenAndRead());
    }

    [Fact]
    public void Journal_of_a_committed_multi_database_transaction_is_not_replayed()
    {
        byte[] original = CreateOriginal(3);
        var journal = new List<byte>(Header(1, 9, 3));
        journal.AddRange(Record(original, 2, 9));
        byte[] name = Encoding.UTF8.GetBytes("h.db-mj12345");
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, RollbackJournal.LockBytePage(PageSize));
        var trailer = new List<byte>(word);
        trailer.AddRange(name);
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)name.Length);
        trailer.AddRange(word);
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)name.Sum(b => b));
        trailer.AddRange(word);
        trailer.AddRange(RollbackJournal.Magic.ToArray());
        journal.AddRange(Pad(new List<byte>(journal)).Skip(journal.Count));
        journal.AddRange(trailer);
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 3, 2);
        byte[] scribbled = ReadAll(_vfs, "h.db");

        // The super-journal is gone, so the transaction committed: the journal is only deleted.
        Assert.Equal(scribbled, OpenAndRead());
        Assert.False(_vfs.Exists("h.db-journal"));

        // With the super-journal present the journal is hot and is replayed (stopping at the trailer's marker).
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        WriteAll(_vfs, "h.db-mj12345", [1]);
        Assert.Equal(original, OpenAndRead());
    }

    [Fact]
    public void Zeroed_or_empty_journal_is_not_hot()
    {
        byte[] original = CreateOriginal(3);
        var journal = new List<byte>(new byte[Sector]);
        journal.AddRange(Record(original, 2, 0));
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 3, 2);
        byte[] scribbled = ReadAll(_vfs, "h.db");
        Assert.Equal(scribbled, OpenAndRead());
        Assert.True(_vfs.Exists("h.db-journal"));
        WriteAll(_vfs, "h.db-journal", []);
        Assert.Equal(scribbled, OpenAndRead());
    }

    [Fact]
    public void Journal_is_not_hot_while_its_writer_holds_reserved()
    {
        byte[] original = CreateOriginal(3);
        using var writer = Pager.Open(_vfs, "h.db");
        writer.BeginWrite();
        var page = writer.GetPage(2);
        writer.MarkWritable(page); // writes the journal
        writer.Release(page);
        Assert.True(_vfs.Exists("h.db-journal"));
        using var reader = Pager.Open(_vfs, "h.db");
        reader.BeginRead();
        Assert.Equal(3u, reader.PageCount);
        reader.EndRead();
        Assert.True(_vfs.Exists("h.db-journal"));
        writer.Rollback();
        Assert.Equal(original, ReadAll(_vfs, "h.db"));
    }

    [Fact]
    public void Hot_journal_in_a_read_only_connection_cannot_be_rolled_back()
    {
        byte[] original = CreateOriginal(3);
        var journal = new List<byte>(Header(1, 3, 3));
        journal.AddRange(Record(original, 2, 3));
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        using var pager = Pager.Open(_vfs, "h.db", new PagerOptions { ReadOnly = true });
        var ex = Assert.Throws<MiniSqlException>(() => pager.BeginRead());
        Assert.Equal(ResultCode.ReadOnlyRollback, ex.ExtendedResultCode);
        Assert.Equal(LockLevel.None, pager.LockLevel);
    }

    [Theory]
    [InlineData(JournalMode.Truncate)]
    [InlineData(JournalMode.Persist)]
    public void Hot_journal_is_finalized_per_journal_mode(JournalMode mode)
    {
        byte[] original = CreateOriginal(3);
        var journal = new List<byte>(Header(1, 3, 3));
        journal.AddRange(Record(original, 3, 3));
        WriteAll(_vfs, "h.db-journal", journal.ToArray());
        Scribble(original, 5, 3);
        using (var pager = Pager.Open(_vfs, "h.db", new PagerOptions { JournalMode = mode }))
        {
            pager.BeginRead();
            Assert.Equal(3u, pager.PageCount);
        }
        Assert.Equal(original, ReadAll(_vfs, "h.db"));
        byte[] left = ReadAll(_vfs, "h.db-journal");
        if (mode == JournalMode.Truncate)
            Assert.Empty(left);
        else
            Assert.All(left[..28], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Journal_bytes_written_by_a_transaction_follow_the_format()
    {
        var fault = new FaultInjectingVfs(_vfs);
        using (var pager = Pager.Open(fault, "j.db", new PagerOptions { PageSize = PageSize }))
            CreateDatabase(pager, 3, 2);
        byte[] original = ReadAll(_vfs, "j.db");
        var crashing = Pager.Open(fault, "j.db", new PagerOptions { PageSize = PageSize });
        crashing.BeginWrite();
        var page = crashing.GetPage(3);
        crashing.MarkWritable(page);
        page.Data[0] ^= 0xFF;
        crashing.Release(page);
        crashing.Release(crashing.AllocatePage());
        // synchronous=FULL: sync journal, write count, sync journal, write database, crash at the database sync.
        long dbWritesBefore = fault.GetCallCount(FaultKind.Write);
        fault.CrashAfter(FaultKind.Sync, 3);
        Assert.Throws<SimulatedCrashException>(() => crashing.Commit());
        fault.SimulatePowerLoss(PowerLossMode.KeepAll, 1);

        byte[] journal = ReadAll(_vfs, "j.db-journal");
        Assert.Equal(RollbackJournal.Magic.ToArray(), journal[..8]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(8)));   // pages 3 and 1
        uint nonce = BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(12));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(16)));  // initial size
        Assert.Equal(512u, BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(20))); // sector size
        Assert.Equal((uint)PageSize, BinaryPrimitives.ReadUInt32BigEndian(journal.AsSpan(24)));
        Assert.All(journal[28..512], b => Assert.Equal(0, b));
        Assert.Equal(512 + 2 * (PageSize + 8), journal.Length);
        uint[] expectedPages = [3, 1];
        for (int i = 0; i < 2; i++)
        {
            var record = journal.AsSpan(512 + i * (PageSize + 8), PageSize + 8);
            uint n = BinaryPrimitives.ReadUInt32BigEndian(record);
            Assert.Equal(expectedPages[i], n);
            var image = record.Slice(4, PageSize);
            Assert.True(image.SequenceEqual(original.AsSpan((int)(n - 1) * PageSize, PageSize)));
            Assert.Equal(RollbackJournal.Checksum(nonce, image), BinaryPrimitives.ReadUInt32BigEndian(record[(4 + PageSize)..]));
        }
        Assert.NotEqual(original, ReadAll(_vfs, "j.db"));
        Assert.True(fault.GetCallCount(FaultKind.Write) > dbWritesBefore + 2);
        Assert.Equal(original, OpenAndReadAt("j.db"));
        Assert.False(_vfs.Exists("j.db-journal"));
    }

    private byte[] OpenAndReadAt(string path)
    {
        using var pager = Pager.Open(_vfs, path);
        pager.BeginRead();
        pager.EndRead();
        return ReadAll(_vfs, path);
    }
}
