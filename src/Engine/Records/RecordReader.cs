namespace MiniSql.Engine.Records;

/// <summary>
/// Reads a record (fileformat2: 2.1) in place. The header is validated when the reader is created: the header
/// size must lie inside the record, every serial type must be valid and the contents must fit in the record;
/// otherwise SQLITE_CORRUPT. Reading columns in increasing order is O(1) per column.
/// </summary>
public ref struct RecordReader
{
    private readonly ReadOnlySpan<byte> _record;
    private readonly int _headerSize;
    private readonly int _firstType;

    // Resume point of the header walk: column _nextColumn starts at header offset _nextHeader, body offset _nextBody.
    private int _nextColumn;
    private int _nextHeader;
    private int _nextBody;

    /// <summary>Parses and validates the header of <paramref name="record"/>.</summary>
    public RecordReader(ReadOnlySpan<byte> record)
    {
        _record = record;
        int n = Varint.TryRead(record, out long headerSize);
        if (n == 0 || headerSize < n || headerSize > record.Length) ThrowHelper.Corrupt("bad record header size");
        _headerSize = (int)headerSize;
        int pos = n, count = 0;
        long body = _headerSize;
        while (pos < _headerSize)
        {
            int m = Varint.TryRead(record[pos.._headerSize], out long type);
            if (m == 0) ThrowHelper.Corrupt("truncated record header");
            pos += m;
            body += SerialType.ContentLength(type);
            if (body > record.Length) ThrowHelper.Corrupt("record content extends past its end");
            count++;
        }
        ColumnCount = count;
        _nextColumn = 0;
        _firstType = n;
        _nextHeader = n;
        _nextBody = _headerSize;
    }

    /// <summary>Number of columns in the record.</summary>
    public int ColumnCount { get; }

    /// <summary>Size of the record header in bytes (the first column's content starts here).</summary>
    public readonly int HeaderSize => _headerSize;

    /// <summary>The record bytes.</summary>
    public readonly ReadOnlySpan<byte> Record => _record;

    /// <summary>Serial type of column <paramref name="column"/>.</summary>
    public long GetSerialType(int column)
    {
        Locate(column, out long type, out _);
        return type;
    }

    /// <summary>Storage class of column <paramref name="column"/>, or NULL past the last column.</summary>
    public StorageClass GetStorageClass(int column)
    {
        if ((uint)column >= (uint)ColumnCount) return StorageClass.Null;
        long t = GetSerialType(column);
        return t switch
        {
            0 => StorageClass.Null,
            7 => StorageClass.Real,
            <= 9 => StorageClass.Integer,
            _ => (t & 1) == 0 ? StorageClass.Blob : StorageClass.Text,
        };
    }

    /// <summary>The raw content bytes of column <paramref name="column"/> and its serial type.</summary>
    public ReadOnlySpan<byte> GetContent(int column, out long serialType)
    {
        int offset = Locate(column, out serialType, out int length);
        return _record.Slice(offset, length);
    }

    /// <summary>
    /// Decodes column <paramref name="column"/>. Columns past the end read as NULL (as SQLite does for rows
    /// written before ALTER TABLE ADD COLUMN).
    /// </summary>
    public SqlValue GetValue(int column)
    {
        if ((uint)column >= (uint)ColumnCount) return SqlValue.Null;
        ReadOnlySpan<byte> content = GetContent(column, out long type);
        return SerialType.Decode(type, content);
    }

    /// <summary>Decodes all columns into <paramref name="dest"/> (up to its length); returns how many were written.</summary>
    public int GetValues(Span<SqlValue> dest)
    {
        int n = Math.Min(dest.Length, ColumnCount);
        for (int i = 0; i < n; i++) dest[i] = GetValue(i);
        return n;
    }

    /// <summary>Decodes all columns into a new array.</summary>
    public SqlValue[] ToArray()
    {
        var values = new SqlValue[ColumnCount];
        GetValues(values);
        return values;
    }

    private int Locate(int column, out long type, out int length)
    {
        if ((uint)column >= (uint)ColumnCount) ThrowHelper.Throw(ResultCode.Range, "column index out of range");
        if (column < _nextColumn)
        {
            _nextColumn = 0;
            _nextHeader = _firstType;
            _nextBody = _headerSize;
        }
        while (true)
        {
            // Header validated in the constructor: these reads cannot fail.
            int m = Varint.Read(_record[_nextHeader.._headerSize], out type);
            length = SerialType.ContentLength(type);
            if (_nextColumn == column) return _nextBody;
            _nextHeader += m;
            _nextBody += length;
            _nextColumn++;
        }
    }
}
