using System.Globalization;
using System.Text;
using MiniSql.Engine.Records;
using MiniSql.Sql.Semantics;

namespace MiniSql.Sql.Functions;

/// <summary>
/// SQLite's date and time functions ("Date And Time Functions"): date, time, datetime, julianday, unixepoch
/// and strftime, with time values as ISO-8601 text, 'now' (the context clock) or numbers (Julian day, or
/// Unix seconds with 'unixepoch'/'auto'), and the modifiers NNN days/hours/minutes/seconds/months/years,
/// ±HH:MM[:SS.SSS], ±YYYY-MM-DD[ HH:MM[:SS.SSS]], start of day/month/year, weekday N, unixepoch, julianday,
/// auto, ceiling, floor, subsec/subsecond, localtime and utc. CURRENT_DATE/TIME/TIMESTAMP are date(), time()
/// and datetime() with no arguments. 'localtime' and 'utc' convert with the process's time zone
/// (TimeZoneInfo.Local, which follows TZ like the C library). Invalid input yields NULL.
/// </summary>
internal static class DateTimeFunctions
{
    public static void RegisterAll(FunctionRegistry registry)
    {
        Add(registry, "date", 0, -1, Date);
        Add(registry, "time", 0, -1, Time);
        Add(registry, "datetime", 0, -1, DateTime);
        Add(registry, "julianday", 0, -1, JulianDay);
        Add(registry, "unixepoch", 0, -1, UnixEpoch);
        Add(registry, "strftime", 1, -1, Strftime);
    }

    private static void Add(FunctionRegistry r, string name, int min, int max, ScalarFunctionBody body) =>
        r.Register(new ScalarFunction(name, min, max, body, isDeterministic: false));

    private static SqlValue Date(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (!TryEvaluate(a, c, out var x)) return SqlValue.Null;
        x.ComputeYmd();
        return SqlValue.Text(FormatDate(x));
    }

    private static SqlValue Time(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (!TryEvaluate(a, c, out var x)) return SqlValue.Null;
        x.ComputeHms();
        return SqlValue.Text(FormatTime(x));
    }

    private static SqlValue DateTime(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (!TryEvaluate(a, c, out var x)) return SqlValue.Null;
        x.ComputeYmdHms();
        return SqlValue.Text(FormatDate(x) + " " + FormatTime(x));
    }

    private static SqlValue JulianDay(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (!TryEvaluate(a, c, out var x)) return SqlValue.Null;
        x.ComputeJulian();
        return SqlValue.Real(x.JulianMs / 86400000.0);
    }

    private static SqlValue UnixEpoch(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        if (!TryEvaluate(a, c, out var x)) return SqlValue.Null;
        x.ComputeJulian();
        if (x.UseSubsecond) return SqlValue.Real((x.JulianMs - JulianDateTime.UnixEpochJulianMilliseconds) / 1000.0);
        return SqlValue.Integer(x.JulianMs / 1000 - JulianDateTime.UnixEpochJulianMilliseconds / 1000);
    }

    private static string FormatDate(in JulianDateTime x)
    {
        int y = Math.Abs(x.Year);
        string s = (y % 10000).ToString("D4", CultureInfo.InvariantCulture) + "-" + Two(x.Month) + "-" + Two(x.Day);
        return x.Year < 0 ? "-" + s : s;
    }

    private static string FormatTime(in JulianDateTime x)
    {
        string hm = Two(x.Hour) + ":" + Two(x.Minute) + ":";
        if (x.UseSubsecond)
        {
            int ms = (int)(1000.0 * x.Second + 0.5);
            return hm + Two(ms / 1000 % 100) + "." + (ms % 1000).ToString("D3", CultureInfo.InvariantCulture);
        }
        return hm + Two((int)x.Second);
    }

    private static string Two(int v) => (v % 100).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Parses the time value and applies the modifiers (isDate); false means the result is NULL.</summary>
    private static bool TryEvaluate(ReadOnlySpan<SqlValue> args, IFunctionContext c, out JulianDateTime x)
    {
        x = default;
        if (args.Length == 0)
        {
            SetNow(ref x, c);
            return true;
        }
        var first = args[0];
        if (first.Type is StorageClass.Integer or StorageClass.Real) x.SetRawNumber(SqlConvert.ToReal(first));
        else
        {
            var text = SqlConvert.ToTextBytes(first);
            if (text is null || !ParseDateOrTime(Utf8Text.UpToNul(text), ref x, c)) return false;
        }
        for (int i = 1; i < args.Length; i++)
        {
            var modifier = SqlConvert.ToTextBytes(args[i]);
            if (modifier is null || !ApplyModifier(Encoding.UTF8.GetString(Utf8Text.UpToNul(modifier)), ref x, i)) return false;
        }
        x.ComputeJulian();
        if (x.IsError || !JulianDateTime.IsValidJulian(x.JulianMs)) return false;
        if (args.Length == 1 && x.ValidYmd && x.Day > 28) x.ValidYmd = false; // normalize 2023-02-31 to March
        return true;
    }

    /// <summary>
    /// The 'localtime' conversion: the instant's wall-clock time in the process's time zone (TZ / the system zone,
    /// as the C library's localtime_r sees it). Like SQLite, a date outside 1970..2037 is moved by whole years to an
    /// equivalent year inside (same position in the leap cycle), converted there, and moved back.
    /// </summary>
    private static bool ToLocalTime(ref JulianDateTime x)
    {
        x.ComputeJulian();
        if (x.IsError) return false;
        long jd = x.JulianMs;
        int yearShift = 0;
        if (jd < 210866760000000L || jd > 213014145600000L)
        {
            var shifted = x;
            shifted.ComputeYmdHms();
            yearShift = 2000 + shifted.Year % 4 - shifted.Year;
            shifted.Year += yearShift;
            shifted.ValidJulian = false;
            shifted.TimeZoneMinutes = 0;
            shifted.ComputeJulian();
            jd = shifted.JulianMs;
        }
        long unixSeconds = Math.DivRem(jd - JulianDateTime.UnixEpochJulianMilliseconds, 1000, out _);
        if (jd < JulianDateTime.UnixEpochJulianMilliseconds && (jd - JulianDateTime.UnixEpochJulianMilliseconds) % 1000 != 0) unixSeconds--;
        var instant = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.Local).DateTime;
        x.ClearYmdHmsTz();
        x.Year = local.Year - yearShift;
        x.Month = local.Month;
        x.Day = local.Day;
        x.Hour = local.Hour;
        x.Minute = local.Minute;
        x.Second = local.Second + x.JulianMs % 1000 * 0.001;
        x.ValidYmd = true;
        x.ValidHms = true;
        x.ValidJulian = false;
        x.RawNumber = false;
        x.TimeZoneMinutes = 0;
        x.IsError = false;
        return true;
    }

    private static void SetNow(ref JulianDateTime x, IFunctionContext c)
    {
        x.JulianMs = c.CurrentTime.ToUnixTimeMilliseconds() + JulianDateTime.UnixEpochJulianMilliseconds;
        x.ValidJulian = true;
        x.IsUtc = true;
    }

    private static bool ParseDateOrTime(ReadOnlySpan<byte> z, ref JulianDateTime x, IFunctionContext c)
    {
        if (ParseYmd(z, ref x)) return true;
        if (ParseHms(z, ref x)) return true;
        if (Ascii.EqualsIgnoreCase(z, "now"u8))
        {
            SetNow(ref x, c);
            return true;
        }
        if (NumericText.ParseReal(z, out double r) > 0)
        {
            x.SetRawNumber(r);
            return true;
        }
        if (Ascii.EqualsIgnoreCase(z, "subsec"u8) || Ascii.EqualsIgnoreCase(z, "subsecond"u8))
        {
            x.UseSubsecond = true;
            SetNow(ref x, c);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Reads fixed-width digit fields: each spec is (digits, min, max, separator) and the separator must follow
    /// the field unless it is '\0' (getDigits). Returns how many fields were read.
    /// </summary>
    private static int GetDigits(ReadOnlySpan<byte> z, int pos, ReadOnlySpan<(int Digits, int Min, int Max, char Next)> fields, Span<int> values)
    {
        int count = 0;
        foreach (var f in fields)
        {
            int v = 0;
            for (int k = 0; k < f.Digits; k++, pos++)
            {
                if (pos >= z.Length || !char.IsAsciiDigit((char)z[pos])) return count;
                v = v * 10 + (z[pos] - '0');
            }
            if (v < f.Min || v > f.Max) return count;
            if (f.Next != '\0' && (pos >= z.Length || z[pos] != f.Next)) return count;
            values[count++] = v;
            pos++;
        }
        return count;
    }

    private static readonly (int, int, int, char)[] YmdFields = [(4, 0, 9999, '-'), (2, 1, 12, '-'), (2, 1, 31, '\0')];
    private static readonly (int, int, int, char)[] HmFields = [(2, 0, 24, ':'), (2, 0, 59, '\0')];
    private static readonly (int, int, int, char)[] SecondFields = [(2, 0, 59, '\0')];
    private static readonly (int, int, int, char)[] TimeZoneFields = [(2, 0, 14, ':'), (2, 0, 59, '\0')];

    private static bool ParseYmd(ReadOnlySpan<byte> z, ref JulianDateTime x)
    {
        int p = 0;
        bool negative = false;
        if (z.Length > 0 && z[0] == '-') { negative = true; p = 1; }
        Span<int> v = stackalloc int[3];
        if (GetDigits(z, p, YmdFields, v) != 3) return false;
        p += 10;
        while (p < z.Length && (NumericText.IsSpace(z[p]) || z[p] == 'T')) p++;
        var saved = x;
        if (ParseHms(z[p..], ref x)) { }
        else if (p >= z.Length) x.ValidHms = false;
        else
        {
            x = saved;
            return false;
        }
        x.ValidJulian = false;
        x.ValidYmd = true;
        x.Year = negative ? -v[0] : v[0];
        x.Month = v[1];
        x.Day = v[2];
        x.ComputeFloor();
        if (x.TimeZoneMinutes != 0) x.ComputeJulian();
        return true;
    }

    private static bool ParseHms(ReadOnlySpan<byte> z, ref JulianDateTime x)
    {
        Span<int> v = stackalloc int[2];
        if (GetDigits(z, 0, HmFields, v) != 2) return false;
        int p = 5, s = 0;
        double ms = 0.0;
        if (p < z.Length && z[p] == ':')
        {
            p++;
            Span<int> sv = stackalloc int[1];
            if (GetDigits(z, p, SecondFields, sv) != 1) return false;
            s = sv[0];
            p += 2;
            if (p + 1 < z.Length && z[p] == '.' && char.IsAsciiDigit((char)z[p + 1]))
            {
                double scale = 1.0;
                p++;
                while (p < z.Length && char.IsAsciiDigit((char)z[p]))
                {
                    ms = ms * 10.0 + (z[p] - '0');
                    scale *= 10.0;
                    p++;
                }
                ms /= scale;
                if (ms > 0.999) ms = 0.999;
            }
        }
        var saved = x;
        x.ValidJulian = false;
        x.RawNumber = false;
        x.ValidHms = true;
        x.Hour = v[0];
        x.Minute = v[1];
        x.Second = s + ms;
        if (!ParseTimeZone(z[p..], ref x))
        {
            x = saved;
            return false;
        }
        return true;
    }

    private static bool ParseTimeZone(ReadOnlySpan<byte> z, ref JulianDateTime x)
    {
        int p = 0;
        while (p < z.Length && NumericText.IsSpace(z[p])) p++;
        x.TimeZoneMinutes = 0;
        if (p >= z.Length) return true;
        byte c = z[p];
        if (c == 'Z' || c == 'z')
        {
            p++;
            x.IsLocal = false;
            x.IsUtc = true;
        }
        else
        {
            int sign;
            if (c == '-') sign = -1;
            else if (c == '+') sign = 1;
            else return false;
            p++;
            Span<int> v = stackalloc int[2];
            if (GetDigits(z, p, TimeZoneFields, v) != 2) return false;
            p += 5;
            x.TimeZoneMinutes = sign * (v[1] + v[0] * 60);
        }
        while (p < z.Length && NumericText.IsSpace(z[p])) p++;
        return p >= z.Length;
    }

    private static readonly (string Name, double Limit, double SecondsPer)[] Units =
    [
        ("second", 4.6427e+14, 1.0),
        ("minute", 7.7379e+12, 60.0),
        ("hour", 1.2896e+11, 3600.0),
        ("day", 5373485.0, 86400.0),
        ("month", 176546.0, 2592000.0),
        ("year", 14713.0, 31536000.0),
    ];

    /// <summary>Applies one modifier (parseModifier); false means the result is NULL.</summary>
    private static bool ApplyModifier(string z, ref JulianDateTime x, int index)
    {
        if (z.Length == 0) return false;
        string lower = z.ToLowerInvariant();
        switch (lower[0])
        {
            case 'a':
                if (lower != "auto") return false;
                if (index > 1) return false;
                if (!x.RawNumber || x.ValidJulian)
                {
                    x.RawNumber = false;
                    return true;
                }
                if (x.Second >= -21086676 * 10000L && x.Second <= 25340230 * 10000L + 799)
                {
                    double r = x.Second * 1000.0 + 210866760000000.0;
                    x.ClearYmdHmsTz();
                    x.JulianMs = (long)(r + 0.5);
                    x.ValidJulian = true;
                    x.RawNumber = false;
                    return true;
                }
                return false;
            case 'c':
                if (lower != "ceiling") return false;
                x.ComputeJulian();
                x.ClearYmdHmsTz();
                x.FloorDays = 0;
                return true;
            case 'f':
                if (lower != "floor") return false;
                x.ComputeJulian();
                x.JulianMs -= x.FloorDays * 86400000L;
                x.ClearYmdHmsTz();
                return true;
            case 'j':
                if (lower != "julianday" || index > 1) return false;
                if (x.ValidJulian && x.RawNumber)
                {
                    x.RawNumber = false;
                    return true;
                }
                return false;
            case 'l':
                if (lower != "localtime") return false;
                if (!x.IsLocal && !ToLocalTime(ref x)) return false;
                x.IsUtc = false;
                x.IsLocal = true;
                return true;
            case 'u':
                if (lower == "unixepoch" && x.RawNumber)
                {
                    if (index > 1) return false;
                    double r = x.Second * 1000.0 + 210866760000000.0;
                    if (r >= 0.0 && r < 464269060800000.0)
                    {
                        x.ClearYmdHmsTz();
                        x.JulianMs = (long)(r + 0.5);
                        x.ValidJulian = true;
                        x.RawNumber = false;
                        return true;
                    }
                    return false;
                }
                if (lower == "utc")
                {
                    if (!x.IsUtc)
                    {
                        x.ComputeJulian();
                        if (x.IsError) return false;
                        // Find the UTC instant whose local time is this one: guess, convert, correct (a few rounds
                        // settle it; around a DST change the guess may stay an hour off, as in SQLite).
                        long local = x.JulianMs, guess = local, error = 0;
                        for (int round = 0; round < 4; round++)
                        {
                            guess -= error;
                            var probe = new JulianDateTime { JulianMs = guess, ValidJulian = true };
                            if (!ToLocalTime(ref probe)) return false;
                            probe.ComputeJulian();
                            error = probe.JulianMs - local;
                            if (error == 0) break;
                        }
                        x = default;
                        x.JulianMs = guess;
                        x.ValidJulian = true;
                        x.IsUtc = true;
                    }
                    return true;
                }
                return false;
            case 'w':
            {
                if (!lower.StartsWith("weekday ", StringComparison.Ordinal)) return false;
                var rest = Encoding.UTF8.GetBytes(z[8..]);
                if (NumericText.ParseReal(rest, out double r) <= 0 || r < 0.0 || r >= 7.0 || (int)r != r) return false;
                int n = (int)r;
                x.ComputeYmdHms();
                x.TimeZoneMinutes = 0;
                x.ValidJulian = false;
                x.ComputeJulian();
                long day = (x.JulianMs + 129600000) / 86400000 % 7;
                if (day > n) day -= 7;
                x.JulianMs += (n - day) * 86400000;
                x.ClearYmdHmsTz();
                return true;
            }
            case 's':
            {
                if (!lower.StartsWith("start of ", StringComparison.Ordinal))
                {
                    if (lower is "subsec" or "subsecond")
                    {
                        x.UseSubsecond = true;
                        return true;
                    }
                    return false;
                }
                if (!x.ValidJulian && !x.ValidYmd && !x.ValidHms) return false;
                x.ComputeYmd();
                x.ValidHms = true;
                x.Hour = x.Minute = 0;
                x.Second = 0.0;
                x.RawNumber = false;
                x.TimeZoneMinutes = 0;
                x.ValidJulian = false;
                switch (lower[9..])
                {
                    case "month": x.Day = 1; return true;
                    case "year": x.Month = 1; x.Day = 1; return true;
                    case "day": return true;
                    default: return false;
                }
            }
            case '+' or '-' or (>= '0' and <= '9'):
                return ApplyArithmeticModifier(z, ref x);
            default:
                return false;
        }
    }

    private static bool ApplyArithmeticModifier(string z, ref JulianDateTime x)
    {
        var bytes = Encoding.UTF8.GetBytes(z);
        Span<int> v = stackalloc int[3];
        int n;
        for (n = 1; n < bytes.Length; n++)
        {
            byte ch = bytes[n];
            if (ch == ':' || NumericText.IsSpace(ch)) break;
            if (ch == '-')
            {
                if (n == 5 && GetDigits(bytes, 1, [(4, 0, 9999, '\0')], v) == 1) break;
                if (n == 6 && GetDigits(bytes, 1, [(5, 0, 99999, '\0')], v) == 1) break;
            }
        }
        if (NumericText.ParseReal(bytes.AsSpan(0, n), out double r) <= 0) return false;
        char first = z[0];
        int timeStart = 0; // where a following ±HH:MM[:SS] starts
        if (n < bytes.Length && bytes[n] == '-')
        {
            // (+|-)YYYY-MM-DD[ HH:MM[:SS.SSS]] adds or subtracts years, months (0-11) and days (0-30).
            if (first != '+' && first != '-') return false;
            int offset = 1;
            if (n == 5)
            {
                if (GetDigits(bytes, 1, [(4, 0, 9999, '-'), (2, 0, 12, '-'), (2, 0, 31, '\0')], v) != 3) return false;
            }
            else
            {
                if (GetDigits(bytes, 1, [(5, 0, 99999, '-'), (2, 0, 12, '-'), (2, 0, 31, '\0')], v) != 3) return false;
                offset = 2;
            }
            int years = v[0], months = v[1], days = v[2];
            if (months >= 12 || days >= 31) return false;
            x.ComputeYmdHms();
            x.ValidJulian = false;
            if (first == '-')
            {
                x.Year -= years;
                x.Month -= months;
                days = -days;
            }
            else
            {
                x.Year += years;
                x.Month += months;
            }
            int carry = x.Month > 0 ? (x.Month - 1) / 12 : (x.Month - 12) / 12;
            x.Year += carry;
            x.Month -= carry * 12;
            x.ComputeFloor();
            x.ComputeJulian();
            x.ValidHms = false;
            x.ValidYmd = false;
            x.JulianMs += days * 86400000L;
            int end = offset + 10;
            if (end >= bytes.Length) return true;
            Span<int> hm = stackalloc int[2];
            if (NumericText.IsSpace(bytes[end]) && GetDigits(bytes, end + 1, HmFields, hm) == 2)
            {
                timeStart = end + 1;
                n = 2;
            }
            else return false;
        }
        if (timeStart + n < bytes.Length && bytes[timeStart + n] == ':')
        {
            // (+|-)HH:MM[:SS.SSS] shifts by a time of day.
            int p = timeStart;
            if (!char.IsAsciiDigit((char)bytes[p])) p++;
            var tx = default(JulianDateTime);
            if (!ParseHms(bytes.AsSpan(p), ref tx)) return false;
            tx.ComputeJulian();
            tx.JulianMs -= 43200000;
            long day = tx.JulianMs / 86400000;
            tx.JulianMs -= day * 86400000;
            if (first == '-') tx.JulianMs = -tx.JulianMs;
            x.ComputeJulian();
            x.ClearYmdHmsTz();
            x.JulianMs += tx.JulianMs;
            return true;
        }
        if (timeStart != 0) return false;

        // NNN days, hours, minutes, seconds, months or years.
        int q = n;
        while (q < bytes.Length && NumericText.IsSpace(bytes[q])) q++;
        string unit = z.Substring(q);
        int len = unit.Length;
        if (len < 3 || len > 10) return false;
        if (char.ToLowerInvariant(unit[len - 1]) == 's') len--;
        unit = unit[..len];
        x.ComputeJulian();
        double rounder = r < 0 ? -0.5 : 0.5;
        x.FloorDays = 0;
        bool ok = false;
        for (int i = 0; i < Units.Length; i++)
        {
            var u = Units[i];
            if (u.Name.Length != len || !string.Equals(u.Name, unit, StringComparison.OrdinalIgnoreCase) || !(r > -u.Limit && r < u.Limit)) continue;
            if (i == 4)
            {
                x.ComputeYmdHms();
                x.Month += (int)r;
                int carry = x.Month > 0 ? (x.Month - 1) / 12 : (x.Month - 12) / 12;
                x.Year += carry;
                x.Month -= carry * 12;
                x.ComputeFloor();
                x.ValidJulian = false;
                r -= (int)r;
            }
            else if (i == 5)
            {
                x.ComputeYmdHms();
                x.Year += (int)r;
                x.ComputeFloor();
                x.ValidJulian = false;
                r -= (int)r;
            }
            x.ComputeJulian();
            x.JulianMs += (long)(r * 1000.0 * u.SecondsPer + rounder);
            ok = true;
            break;
        }
        x.ClearYmdHmsTz();
        return ok;
    }

    private static SqlValue Strftime(ReadOnlySpan<SqlValue> a, IFunctionContext c)
    {
        var format = SqlConvert.ToTextBytes(a[0]);
        if (format is null || !TryEvaluate(a[1..], c, out var x)) return SqlValue.Null;
        x.ComputeJulian();
        x.ComputeYmdHms();
        var fmt = Utf8Text.UpToNul(format);
        var sb = new StringBuilder();
        var output = new List<byte>();
        for (int i = 0; i < fmt.Length; i++)
        {
            if (fmt[i] != '%')
            {
                output.Add(fmt[i]);
                continue;
            }
            i++;
            if (i >= fmt.Length) return SqlValue.Null;
            sb.Clear();
            switch ((char)fmt[i])
            {
                case 'd': sb.Append(Two(x.Day)); break;
                case 'e': sb.Append(x.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case 'f':
                {
                    double s = Math.Min(x.Second, 59.999);
                    sb.Append(RealFormatter.Format(s, 'f', 3, new PrintfFlags { ZeroPad = true }, 6));
                    break;
                }
                case 'F': sb.Append(Pad(x.Year, 4)).Append('-').Append(Two(x.Month)).Append('-').Append(Two(x.Day)); break;
                case 'G':
                case 'g':
                {
                    var y = ThursdayOfWeek(x);
                    sb.Append(fmt[i] == 'g' ? Pad(y.Year % 100, 2) : Pad(y.Year, 4));
                    break;
                }
                case 'H': sb.Append(Two(x.Hour)); break;
                case 'k': sb.Append(x.Hour.ToString(CultureInfo.InvariantCulture).PadLeft(2)); break;
                case 'I':
                case 'l':
                {
                    int h = x.Hour;
                    if (h > 12) h -= 12;
                    if (h == 0) h = 12;
                    sb.Append(fmt[i] == 'I' ? Two(h) : h.ToString(CultureInfo.InvariantCulture).PadLeft(2));
                    break;
                }
                case 'j': sb.Append(Pad(DaysAfterJan01(x) + 1, 3)); break;
                case 'J': sb.Append(RealFormatter.Format(x.JulianMs / 86400000.0, 'g', 16, default, 0)); break;
                case 'm': sb.Append(Two(x.Month)); break;
                case 'M': sb.Append(Two(x.Minute)); break;
                case 'p': sb.Append(x.Hour >= 12 ? "PM" : "AM"); break;
                case 'P': sb.Append(x.Hour >= 12 ? "pm" : "am"); break;
                case 'R': sb.Append(Two(x.Hour)).Append(':').Append(Two(x.Minute)); break;
                case 's':
                    if (x.UseSubsecond)
                        sb.Append(RealFormatter.Format((x.JulianMs - JulianDateTime.UnixEpochJulianMilliseconds) / 1000.0, 'f', 3, default, 0));
                    else
                        sb.Append((x.JulianMs / 1000 - JulianDateTime.UnixEpochJulianMilliseconds / 1000).ToString(CultureInfo.InvariantCulture));
                    break;
                case 'S': sb.Append(Two((int)x.Second)); break;
                case 'T': sb.Append(Two(x.Hour)).Append(':').Append(Two(x.Minute)).Append(':').Append(Two((int)x.Second)); break;
                case 'u':
                case 'w':
                {
                    int d = DaysAfterSunday(x);
                    if (d == 0 && fmt[i] == 'u') d = 7;
                    sb.Append((char)('0' + d));
                    break;
                }
                case 'U': sb.Append(Two((DaysAfterJan01(x) - DaysAfterSunday(x) + 7) / 7)); break;
                case 'V': sb.Append(Two(DaysAfterJan01(ThursdayOfWeek(x)) / 7 + 1)); break;
                case 'W': sb.Append(Two((DaysAfterJan01(x) - DaysAfterMonday(x) + 7) / 7)); break;
                case 'Y': sb.Append(Pad(x.Year, 4)); break;
                case '%': sb.Append('%'); break;
                default: return SqlValue.Null;
            }
            output.AddRange(Encoding.ASCII.GetBytes(sb.ToString()));
        }
        return SqlValue.TextUtf8(output.ToArray());
    }

    /// <summary>printf("%0Nd"): zero padded to <paramref name="width"/> characters including a minus sign.</summary>
    private static string Pad(int v, int width) =>
        v < 0 ? "-" + (-v).ToString(CultureInfo.InvariantCulture).PadLeft(width - 1, '0') : v.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');

    private static JulianDateTime ThursdayOfWeek(JulianDateTime x)
    {
        var y = x;
        y.JulianMs += (3 - DaysAfterMonday(x)) * 86400000L;
        y.ValidYmd = false;
        y.ComputeYmd();
        return y;
    }

    private static int DaysAfterJan01(JulianDateTime x)
    {
        var jan01 = x;
        jan01.ValidJulian = false;
        jan01.ValidYmd = true;
        jan01.Month = 1;
        jan01.Day = 1;
        jan01.ComputeJulian();
        return (int)((x.JulianMs - jan01.JulianMs + 43200000) / 86400000);
    }

    private static int DaysAfterMonday(JulianDateTime x) => (int)((x.JulianMs + 43200000) / 86400000 % 7);

    private static int DaysAfterSunday(JulianDateTime x) => (int)((x.JulianMs + 129600000) / 86400000 % 7);
}
