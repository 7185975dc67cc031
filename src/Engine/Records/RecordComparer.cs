namespace MiniSql.Engine.Records;

/// <summary>
/// SQLite's key comparison (fileformat2: 2.2 "Record Sort Order"; sqlite3VdbeRecordCompare): column by column,
/// NULL &lt; INTEGER/REAL (compared numerically, exactly even for integers beyond 2^53) &lt; TEXT (by the
/// column's collation) &lt; BLOB (memcmp, then length). A DESC column reverses its result. Pure functions.
/// </summary>
public static class RecordComparer
{
    /// <summary>
    /// Compares two encoded records over their first min(column counts) columns; returns 0 when that common
    /// prefix is equal.
    /// </summary>
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, KeyInfo keyInfo)
    {
        var ra = new RecordReader(a);
        var rb = new RecordReader(b);
        int n = Math.Min(ra.ColumnCount, rb.ColumnCount);
        for (int i = 0; i < n; i++)
        {
            Operand x = Operand.FromRecord(ref ra, i);
            Operand y = Operand.FromRecord(ref rb, i);
            int c = Compare(x, y, keyInfo.GetCollation(i));
            if (c != 0) return keyInfo.IsDescending(i) ? -c : c;
        }
        return 0;
    }

    /// <summary>
    /// Compares an encoded record with an unpacked key over the key's columns (or fewer, if the record is
    /// shorter). When all compared columns are equal returns <paramref name="prefixEqualResult"/>: 0 for an exact
    /// seek, +1 to treat equal-prefix records as greater (seek to the first entry &gt;= key), -1 to treat them as
    /// smaller (first entry &gt; key). This is SQLite's UnpackedRecord.default_rc.
    /// </summary>
    public static int Compare(ReadOnlySpan<byte> record, ReadOnlySpan<SqlValue> key, KeyInfo keyInfo, int prefixEqualResult = 0)
    {
        var r = new RecordReader(record);
        int n = Math.Min(r.ColumnCount, key.Length);
        for (int i = 0; i < n; i++)
        {
            Operand x = Operand.FromRecord(ref r, i);
            Operand y = Operand.FromValue(key[i]);
            int c = Compare(x, y, keyInfo.GetCollation(i));
            if (c != 0) return keyInfo.IsDescending(i) ? -c : c;
        }
        return prefixEqualResult;
    }

    /// <summary>Compares two values in SQLite's sort order using <paramref name="collation"/> for TEXT.</summary>
    public static int CompareValues(in SqlValue a, in SqlValue b, CollatingSequence? collation = null) =>
        Compare(Operand.FromValue(a), Operand.FromValue(b), collation ?? CollatingSequence.Binary);

    /// <summary>Compares an integer with a real exactly (sqlite3IntFloatCompare).</summary>
    public static int CompareIntegerReal(long i, double r)
    {
        if (double.IsNaN(r)) return 1;
        if (r < -9223372036854775808.0) return 1;
        if (r >= 9223372036854775808.0) return -1;
        long y = (long)r; // truncates toward zero; exact when |r| >= 2^53
        if (i < y) return -1;
        if (i > y) return 1;
        double s = i; // i == trunc(r), so i is exactly representable whenever r has a fraction
        return s < r ? -1 : s > r ? 1 : 0;
    }

    private static int Compare(in Operand x, in Operand y, CollatingSequence collation)
    {
        if (x.Class != y.Class)
        {
            int cx = Rank(x.Class), cy = Rank(y.Class);
            if (cx != cy) return cx < cy ? -1 : 1;
            // INTEGER vs REAL
            return x.Class == StorageClass.Integer ? CompareIntegerReal(x.Integer, y.Real) : -CompareIntegerReal(y.Integer, x.Real);
        }
        switch (x.Class)
        {
            case StorageClass.Null: return 0;
            case StorageClass.Integer: return x.Integer.CompareTo(y.Integer);
            case StorageClass.Real: return x.Real < y.Real ? -1 : x.Real > y.Real ? 1 : 0;
            case StorageClass.Text: return Math.Sign(collation.Compare(x.Bytes, y.Bytes));
            default: return Math.Sign(x.Bytes.SequenceCompareTo(y.Bytes));
        }
    }

    private static int Rank(StorageClass c) => c switch
    {
        StorageClass.Null => 0,
        StorageClass.Integer or StorageClass.Real => 1,
        StorageClass.Text => 2,
        _ => 3,
    };

    /// <summary>One value seen without copying: class, number, or bytes.</summary>
    private readonly ref struct Operand
    {
        public readonly StorageClass Class;
        public readonly long Integer;
        public readonly double Real;
        public readonly ReadOnlySpan<byte> Bytes;

        private Operand(StorageClass c, long i, double r, ReadOnlySpan<byte> bytes)
        {
            Class = c;
            Integer = i;
            Real = r;
            Bytes = bytes;
        }

        public static Operand FromValue(in SqlValue v) => v.Type switch
        {
            StorageClass.Integer => new Operand(StorageClass.Integer, v.AsInteger, 0, default),
            StorageClass.Real => new Operand(StorageClass.Real, 0, v.AsReal, default),
            StorageClass.Text or StorageClass.Blob => new Operand(v.Type, 0, 0, v.Bytes),
            _ => default,
        };

        public static Operand FromRecord(ref RecordReader r, int column)
        {
            ReadOnlySpan<byte> content = r.GetContent(column, out long type);
            switch (type)
            {
                case 0: return default;
                case 7:
                    double d = BitConverter.Int64BitsToDouble(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(content));
                    return double.IsNaN(d) ? default : new Operand(StorageClass.Real, 0, d, default);
            }
            if (type <= 9) return new Operand(StorageClass.Integer, SerialType.DecodeInteger(type, content), 0, default);
            return new Operand((type & 1) == 0 ? StorageClass.Blob : StorageClass.Text, 0, 0, content);
        }
    }
}
