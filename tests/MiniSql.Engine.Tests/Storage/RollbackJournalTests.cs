using System.Buffers.Binary;
using System.Text;
using MiniSql.Engine.Storage;
using MiniSql.Vfs;

namespace MiniSql.Engine.Tests.Storage;

public class RollbackJournalTests
{
    [Fact]
    public void Checksum_is_nonce_plus_every_200th_byte_from_the_end()
    {
        var page = new byte[1024];
        for (int i = 0; i < page.Length; i++)
            page[i] = (byte)i;
        // Offsets 824, 624, 424, 224, 24.
        uint expected = 0x10000000u + (824 % 256) + (624 % 256) + (424 % 256) + 224 + 24;
        Assert.Equal(expected, RollbackJournal.Checksum(0x10000000u, page));
    }

    [Fact]
    public void Checksum_wraps_modulo_2_to_the_32()
    {
        var page = new byte[512];
        page[312] = 200;
        page[112] = 100;
        Assert.Equal(299u, RollbackJournal.Checksum(0xFFFFFFFFu, page));
    }

    [Fact]
    public void Header_layout_is_big_endian_and_padded()
    {
        var header = new byte[512];
        header.AsSpan().Fill(0xAA);
        RollbackJournal.WriteHeader(header, 5, 0x01020304, 9, 512, 4096);
        Assert.Equal(new byte[] { 0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7, 0, 0, 0, 5, 1, 2, 3, 4, 0, 0, 0, 9, 0, 0, 2, 0, 0, 0, 0x10, 0 },
            header[..28]);
        Assert.All(header[28..], b => Assert.Equal(0, b));
        Assert.True(RollbackJournal.TryReadHeader(header, out var parsed));
        Assert.Equal(new RollbackJournal.Header(5, 0x01020304, 9, 512, 4096), parsed);
    }

    [Fact]
    public void Header_with_bad_sector_or_page_size_is_rejected()
    {
        var header = new byte[512];
        RollbackJournal.WriteHeader(header, 1, 1, 1, 500, 4096);
        Assert.False(RollbackJournal.TryReadHeader(header, out _));
        RollbackJournal.WriteHeader(header, 1, 1, 1, 512, 1000);
        Assert.False(RollbackJournal.TryReadHeader(header, out _));
        RollbackJournal.WriteHeader(header, 1, 1, 1, 512, 1024);
        header[0] ^= 1;
        Assert.False(RollbackJournal.TryReadHeader(header, out _));
    }

    [Fact]
    public void Record_is_page_number_image_checksum()
    {
        var page = new byte[512];
        page[312] = 7;
        var record = new byte[520];
        RollbackJournal.WriteRecord(record, 3, page, 10);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(record));
        Assert.Equal(page, record[4..516]);
        Assert.Equal(17u, BinaryPrimitives.ReadUInt32BigEndian(record.AsSpan(516)));
    }

    [Fact]
    public void Super_journal_name_is_parsed_from_the_trailer()
    {
        var vfs = new MemoryVfs(1);
        byte[] name = Encoding.UTF8.GetBytes("/tmp/db-mj0123");
        var bytes = new List<byte>(new byte[1024]);
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, RollbackJournal.LockBytePage(1024));
        bytes.AddRange(word);
        bytes.AddRange(name);
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)name.Length);
        bytes.AddRange(word);
        uint sum = 0;
        foreach (byte b in name)
            sum += b;
        BinaryPrimitives.WriteUInt32BigEndian(word, sum);
        bytes.AddRange(word);
        bytes.AddRange(RollbackJournal.Magic.ToArray());
        StorageTestFiles.WriteAll(vfs, "j", bytes.ToArray());
        using var file = vfs.Open("j", VfsFileKind.MainJournal, VfsOpenFlags.ReadOnly);
        Assert.Equal("/tmp/db-mj0123", RollbackJournal.ReadSuperJournalName(file, file.Size, 1024));

        bytes[^13] ^= 1; // break the checksum
        StorageTestFiles.WriteAll(vfs, "k", bytes.ToArray());
        using var bad = vfs.Open("k", VfsFileKind.MainJournal, VfsOpenFlags.ReadOnly);
        Assert.Null(RollbackJournal.ReadSuperJournalName(bad, bad.Size, 1024));
    }

    [Fact]
    public void Lock_byte_page_holds_byte_0x40000000()
    {
        Assert.Equal(262145u, RollbackJournal.LockBytePage(4096));
        Assert.Equal(2097153u, RollbackJournal.LockBytePage(512));
        Assert.Equal(16385u, RollbackJournal.LockBytePage(65536));
    }
}
