using System.Buffers.Binary;
using MiniSql.Engine.Storage;

namespace MiniSql.Engine.Tests.Storage;

public class DatabaseHeaderTests
{
    [Theory]
    [InlineData(512, 0)]
    [InlineData(4096, 0)]
    [InlineData(4096, 32)]
    [InlineData(65536, 0)]
    public void New_database_page_1_matches_the_file_format(int pageSize, int reserved)
    {
        var page = new byte[pageSize];
        DatabaseHeader.InitializeNewDatabase(page, pageSize, reserved);

        Assert.Equal("SQLite format 3\0"u8.ToArray(), page[..16]);
        Assert.Equal(pageSize == 65536 ? 1 : pageSize, BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(16)));
        Assert.Equal(new byte[] { 1, 1, (byte)reserved, 64, 32, 32 }, page[18..24]);
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(44)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(56)));
        Assert.Equal(3045000u, BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan(96)));
        Assert.All(page[72..92], b => Assert.Equal(0, b));
        Assert.Equal(13, page[100]);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(103)));
        int usable = pageSize - reserved;
        Assert.Equal(usable == 65536 ? 0 : usable, BinaryPrimitives.ReadUInt16BigEndian(page.AsSpan(105)));
        Assert.Equal((pageSize, reserved), DatabaseHeader.Validate(page));
    }

    [Fact]
    public void Fields_round_trip_big_endian()
    {
        var page = new byte[4096];
        DatabaseHeader.InitializeNewDatabase(page, 4096, 0);
        foreach (var field in Enum.GetValues<HeaderField>())
        {
            uint value = 0x01020304u * (uint)((int)field / 4);
            DatabaseHeader.Set(page, field, value);
            Assert.Equal(value, DatabaseHeader.Get(page, field));
            Assert.Equal(value, BinaryPrimitives.ReadUInt32BigEndian(page.AsSpan((int)field)));
        }
    }

    [Fact]
    public void In_header_size_is_valid_only_when_version_valid_for_matches_change_counter()
    {
        var page = new byte[4096];
        DatabaseHeader.InitializeNewDatabase(page, 4096, 0);
        DatabaseHeader.Set(page, HeaderField.DatabaseSize, 7);
        DatabaseHeader.Set(page, HeaderField.ChangeCounter, 3);
        DatabaseHeader.Set(page, HeaderField.VersionValidFor, 3);
        Assert.Equal(7u, DatabaseHeader.ValidDatabaseSize(page));
        DatabaseHeader.Set(page, HeaderField.VersionValidFor, 2);
        Assert.Equal(0u, DatabaseHeader.ValidDatabaseSize(page));
        DatabaseHeader.Set(page, HeaderField.VersionValidFor, 3);
        DatabaseHeader.Set(page, HeaderField.DatabaseSize, 0);
        Assert.Equal(0u, DatabaseHeader.ValidDatabaseSize(page));
    }

    [Theory]
    [InlineData(0, 0x53)]   // magic
    [InlineData(16, 0x03)]  // page size 0x0300 = 768, not a power of two
    [InlineData(21, 65)]    // max payload fraction
    [InlineData(22, 31)]    // min payload fraction
    [InlineData(23, 33)]    // leaf payload fraction
    [InlineData(19, 3)]     // read version from the future
    [InlineData(20, 40)]    // 512 - 40 reserved < 480 usable
    public void Validate_rejects_bad_headers_with_NotADb(int offset, byte value)
    {
        var page = new byte[512];
        DatabaseHeader.InitializeNewDatabase(page, 512, 0);
        page[offset] = value == 0x53 ? (byte)0x54 : value;
        var ex = Assert.Throws<MiniSqlException>(() => DatabaseHeader.Validate(page));
        Assert.Equal(ResultCode.NotADb, ex.ResultCode);
        Assert.Equal("file is not a database", ex.Message);
    }
}
