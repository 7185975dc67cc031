namespace MiniSql.Sql.Functions;

/// <summary>
/// The working value of SQLite's date and time functions ("Date And Time Functions"): a moment held as
/// milliseconds of the Julian day number (so 2000-01-01 12:00:00 UTC is 2451545 * 86400000), plus a cached
/// broken-down year/month/day and hour/minute/second, each valid only when its flag says so. The conversions
/// between the two are the classic Julian-day formulas (Meeus, "Astronomical Algorithms"). Mutable; one per call.
/// </summary>
internal struct JulianDateTime
{
    /// <summary>Milliseconds of 9999-12-31 23:59:59.999, the largest moment the functions accept.</summary>
    public const long MaxJulianMilliseconds = 464269060799999L;

    /// <summary>Julian day milliseconds of the Unix epoch 1970-01-01 00:00:00.</summary>
    public const long UnixEpochJulianMilliseconds = 210866760000000L;

    public long JulianMs;       // iJD
    public int Year, Month, Day;
    public int Hour, Minute;
    public double Second;
    public int TimeZoneMinutes; // tz
    public int FloorDays;       // nFloor: days by which the day of month overflowed its month
    public bool ValidJulian, ValidYmd, ValidHms, RawNumber, UseSubsecond, IsError, IsUtc, IsLocal;

    /// <summary>Sets the value from a bare number (a Julian day, or seconds for 'unixepoch'/'auto').</summary>
    public void SetRawNumber(double r)
    {
        Second = r;
        RawNumber = true;
        if (r >= 0.0 && r < 5373484.5)
        {
            JulianMs = (long)(r * 86400000.0 + 0.5);
            ValidJulian = true;
        }
    }

    /// <summary>True when <paramref name="ms"/> lies between -4713-11-24 12:00:00 and 9999-12-31 23:59:59.999.</summary>
    public static bool IsValidJulian(long ms) => ms >= 0 && ms <= MaxJulianMilliseconds;

    /// <summary>Forgets the broken-down fields (after the Julian value changed).</summary>
    public void ClearYmdHmsTz()
    {
        ValidYmd = false;
        ValidHms = false;
        TimeZoneMinutes = 0;
    }

    /// <summary>Computes the Julian milliseconds from the broken-down fields (computeJD).</summary>
    public void ComputeJulian()
    {
        if (ValidJulian) return;
        int y, m, d;
        if (ValidYmd) { y = Year; m = Month; d = Day; }
        else { y = 2000; m = 1; d = 1; }
        if (y < -4713 || y > 9999 || RawNumber)
        {
            SetError();
            return;
        }
        if (m <= 2) { y--; m += 12; }
        // Gregorian correction, offset by 4800 years so that the divisions never see a negative year.
        int a = (y + 4800) / 100;
        int b = 38 - a + a / 4;
        int x1 = 36525 * (y + 4716) / 100;
        int x2 = 306001 * (m + 1) / 10000;
        JulianMs = (long)((x1 + x2 + d + b - 1524.5) * 86400000);
        ValidJulian = true;
        if (ValidHms)
        {
            JulianMs += Hour * 3600000L + Minute * 60000L + (long)(Second * 1000 + 0.5);
            if (TimeZoneMinutes != 0)
            {
                JulianMs -= TimeZoneMinutes * 60000L;
                ValidYmd = false;
                ValidHms = false;
                TimeZoneMinutes = 0;
                IsUtc = true;
                IsLocal = false;
            }
        }
    }

    /// <summary>Computes year, month and day from the Julian milliseconds (computeYMD).</summary>
    public void ComputeYmd()
    {
        if (ValidYmd) return;
        if (!ValidJulian)
        {
            Year = 2000; Month = 1; Day = 1;
        }
        else if (!IsValidJulian(JulianMs))
        {
            SetError();
            return;
        }
        else
        {
            int z = (int)((JulianMs + 43200000) / 86400000);
            int alpha = (int)((z + 32044.75) / 36524.25) - 52;
            int a = z + 1 + alpha - (alpha + 100) / 4 + 25;
            int b = a + 1524;
            int c = (int)((b - 122.1) / 365.25);
            int d = 36525 * (c & 32767) / 100;
            int e = (int)((b - d) / 30.6001);
            int x1 = (int)(30.6001 * e);
            Day = b - d - x1;
            Month = e < 14 ? e - 1 : e - 13;
            Year = Month > 2 ? c - 4716 : c - 4715;
        }
        ValidYmd = true;
    }

    /// <summary>Computes hour, minute and second from the Julian milliseconds (computeHMS).</summary>
    public void ComputeHms()
    {
        if (ValidHms) return;
        ComputeJulian();
        int dayMs = (int)((JulianMs + 43200000) % 86400000);
        Second = dayMs % 60000 / 1000.0;
        int dayMin = dayMs / 60000;
        Minute = dayMin % 60;
        Hour = dayMin / 60;
        RawNumber = false;
        ValidHms = true;
    }

    /// <summary>Both broken-down forms.</summary>
    public void ComputeYmdHms()
    {
        ComputeYmd();
        ComputeHms();
    }

    /// <summary>Records how far the day of month overflows its month, for the 'floor' modifier (computeFloor).</summary>
    public void ComputeFloor()
    {
        if (Day <= 28) FloorDays = 0;
        else if (((1 << Month) & 0x15aa) != 0) FloorDays = 0; // months with 31 days
        else if (Month != 2) FloorDays = Day == 31 ? 1 : 0;
        else if (Year % 4 != 0 || (Year % 100 == 0 && Year % 400 != 0)) FloorDays = Day - 28;
        else FloorDays = Day - 29;
    }

    /// <summary>Marks the value invalid: the function returns NULL.</summary>
    public void SetError()
    {
        this = default;
        IsError = true;
    }
}
