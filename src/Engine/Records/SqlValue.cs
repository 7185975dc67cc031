using System.Globalization;
using System.Text;

namespace MiniSql.Engine.Records;

/// <summary>
/// One SQL value: a storage class plus 8 bytes (INTEGER, or REAL as raw double bits) and one reference
/// (the UTF-8 bytes of a TEXT value or the bytes of a BLOB). TEXT stays UTF-8 inside the engine so that the
/// BINARY collation is a byte compare, as in SQLite; it is decoded to <see cref="string"/> only on request.
/// </summary>
public readonly struct SqlValue : IEquatable<SqlValue>
{
    private readonly long _bits;
    private readonly byte[]? _bytes;

    private SqlValue(StorageClass type, long bits, byte[]? bytes)
    {
        Type = type;
        _bits = bits;
        _bytes = bytes;
    }

    /// <summary>The storage class.</summary>
    public StorageClass Type { get; }

    /// <summary>The NULL value (also <c>default(SqlValue)</c>).</summary>
    public static SqlValue Null => default;

    /// <summary>An INTEGER value.</summary>
    public static SqlValue Integer(long value) => new(StorageClass.Integer, value, null);

    /// <summary>A REAL value. SQLite has no NaN: a NaN becomes NULL, as sqlite3_result_double does.</summary>
    public static SqlValue Real(double value) =>
        double.IsNaN(value) ? default : new(StorageClass.Real, BitConverter.DoubleToInt64Bits(value), null);

    /// <summary>A TEXT value from its UTF-8 bytes (the array is owned by the value afterwards).</summary>
    public static SqlValue TextUtf8(byte[] utf8) => new(StorageClass.Text, 0, utf8);

    /// <summary>A TEXT value from a .NET string.</summary>
    public static SqlValue Text(string value) => new(StorageClass.Text, 0, Encoding.UTF8.GetBytes(value));

    /// <summary>A TEXT value from UTF-8 bytes, copied.</summary>
    public static SqlValue Text(ReadOnlySpan<byte> utf8) => new(StorageClass.Text, 0, utf8.ToArray());

    /// <summary>A BLOB value (the array is owned by the value afterwards).</summary>
    public static SqlValue Blob(byte[] bytes) => new(StorageClass.Blob, 0, bytes);

    /// <summary>A BLOB value, copied.</summary>
    public static SqlValue Blob(ReadOnlySpan<byte> bytes) => new(StorageClass.Blob, 0, bytes.ToArray());

    /// <summary>True for NULL.</summary>
    public bool IsNull => Type == StorageClass.Null;

    /// <summary>The INTEGER payload (only meaningful when <see cref="Type"/> is INTEGER).</summary>
    public long AsInteger => _bits;

    /// <summary>The REAL payload (only meaningful when <see cref="Type"/> is REAL).</summary>
    public double AsReal => BitConverter.Int64BitsToDouble(_bits);

    /// <summary>The bytes of a TEXT (UTF-8) or BLOB value; empty for other classes.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The backing array of a TEXT or BLOB value (do not modify).</summary>
    public byte[]? BytesArray => _bytes;

    /// <summary>The TEXT value decoded from UTF-8 (only meaningful when <see cref="Type"/> is TEXT).</summary>
    public string AsString => _bytes is null ? string.Empty : Encoding.UTF8.GetString(_bytes);

    /// <inheritdoc />
    public bool Equals(SqlValue other)
    {
        if (Type != other.Type) return false;
        return Type switch
        {
            StorageClass.Null => true,
            StorageClass.Integer or StorageClass.Real => _bits == other._bits,
            _ => Bytes.SequenceEqual(other.Bytes),
        };
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is SqlValue v && Equals(v);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Type);
        if (Type is StorageClass.Integer or StorageClass.Real) h.Add(_bits);
        else if (_bytes is not null) h.AddBytes(_bytes);
        return h.ToHashCode();
    }

    /// <summary>Equality of storage class and value (not SQL comparison semantics).</summary>
    public static bool operator ==(SqlValue a, SqlValue b) => a.Equals(b);

    /// <summary>Inequality of storage class or value.</summary>
    public static bool operator !=(SqlValue a, SqlValue b) => !a.Equals(b);

    /// <summary>A debugging representation (SQL literal syntax).</summary>
    public override string ToString() => Type switch
    {
        StorageClass.Null => "NULL",
        StorageClass.Integer => AsInteger.ToString(CultureInfo.InvariantCulture),
        StorageClass.Real => AsReal.ToString("R", CultureInfo.InvariantCulture),
        StorageClass.Text => "'" + AsString.Replace("'", "''") + "'",
        _ => "X'" + Convert.ToHexString(Bytes) + "'",
    };
}
