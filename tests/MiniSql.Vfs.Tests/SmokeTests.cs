namespace MiniSql.Vfs.Tests;

public class ResultCodeTests
{
    [Fact]
    public void ExtendedCodesCarryTheirPrimaryCode()
    {
        var e = new MiniSqlException(ResultCode.IoErrFsync, "disk I/O error");
        Assert.Equal(ResultCode.IoErr, e.ResultCode);
        Assert.Equal(1034, e.SqliteExtendedErrorCode);
        Assert.Equal(2067, (int)ResultCode.ConstraintUnique);
        Assert.Equal(517, (int)ResultCode.BusySnapshot);
    }
}
