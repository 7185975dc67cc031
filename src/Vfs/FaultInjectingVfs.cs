// FaultInjectingVfs.cs — a VFS wrapper for crash and I/O-error tests (after SQLite's crash-simulating test VFS).
//
// Model:
//  F1. Reads see every write made so far (the OS page cache). What a power loss leaves is computed from the
//      durable image of each file (its content at the file's last successful Sync) plus its unsynced writes and
//      truncates, in order, per PowerLossMode.
//  F2. Metadata is durable at once: a created file exists (empty until synced) and a deleted file is gone after
//      any power loss, as if every create and delete were followed by a directory sync. (Real file systems may
//      lose an unsynced create; SQLite guards against that with directory syncs, which this model does not test.)
//  F3. A failed call (FailAfter) changes nothing: a failed write is not applied, a failed sync makes nothing durable.
//  F4. CrashAfter throws SimulatedCrashException at the chosen call before applying it; from then on every I/O
//      call throws it too (the process is dead) until SimulatePowerLoss "reboots": every open handle is closed,
//      every file is reset to what survives, and the VFS works again.
//  F5. Locks and shared memory delegate to the inner VFS; a power loss unmaps every shared memory (its content
//      is lost because the next first user resets it) and releases every lock.
// Call counters count every call of a kind, including failed ones; FailAfter/CrashAfter count from the call
// made to them ("n = 1" is the next call).

namespace MiniSql.Vfs;

/// <summary>
/// Wraps another <see cref="IVfs"/> (usually a <see cref="MemoryVfs"/>) to simulate power loss, process crashes
/// at a chosen write or sync, and I/O errors by call count. Thread-safe (one lock around every file call).
/// </summary>
public sealed class FaultInjectingVfs : IVfs
{
    /// <summary>Granularity of torn writes (<see cref="PowerLossMode.TornWrites"/>).</summary>
    public const int TearSectorSize = 512;

    private static readonly int KindCount = Enum.GetValues<FaultKind>().Length;

    private readonly IVfs _inner;
    private readonly Dictionary<string, TrackedFile> _files = new(StringComparer.Ordinal);
    private readonly HashSet<FaultInjectingFile> _openFiles = [];
    private readonly HashSet<FaultInjectingSharedMemory> _openShm = [];
    private readonly long[] _calls = new long[KindCount];
    private readonly FaultPlan?[] _faults = new FaultPlan?[KindCount];
    private (FaultKind Kind, long At)? _crash;
    private bool _crashed;

    /// <summary>Wraps <paramref name="inner"/>. Files that already exist there count as durable when first opened.</summary>
    public FaultInjectingVfs(IVfs inner) => _inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped VFS.</summary>
    public IVfs Inner => _inner;

    /// <inheritdoc />
    public string Name => "fault-" + _inner.Name;

    /// <inheritdoc />
    public DateTime UtcNow => _inner.UtcNow;

    /// <summary>True after a planned crash point was hit, until <see cref="SimulatePowerLoss"/>.</summary>
    public bool HasCrashed
    {
        get
        {
            lock (SyncRoot)
                return _crashed;
        }
    }

    /// <summary>Number of unsynced writes and truncates over all files.</summary>
    public int UnsyncedOperationCount
    {
        get
        {
            lock (SyncRoot)
            {
                int n = 0;
                foreach (var f in _files.Values)
                    n += f.Pending.Count;
                return n;
            }
        }
    }

    /// <summary>The lock held around every file call.</summary>
    internal object SyncRoot { get; } = new();

    /// <summary>Number of calls of <paramref name="kind"/> made so far (failed ones included).</summary>
    public long GetCallCount(FaultKind kind)
    {
        lock (SyncRoot)
            return _calls[(int)kind];
    }

    /// <summary>
    /// Makes the <paramref name="n"/>-th call of <paramref name="kind"/> from now (1 = the next) throw a
    /// <see cref="MiniSqlException"/> with <paramref name="code"/> (e.g. IoErrRead, IoErrShortRead, IoErrWrite,
    /// IoErrFsync, IoErrTruncate, Full, CantOpen, IoErrDelete); when <paramref name="persistent"/>, every later call
    /// of that kind fails too. Replaces an earlier plan for the same kind.
    /// </summary>
    public void FailAfter(FaultKind kind, int n, ResultCode code, bool persistent = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        lock (SyncRoot)
            _faults[(int)kind] = new FaultPlan(_calls[(int)kind] + n, code, persistent);
    }

    /// <summary>
    /// Makes the <paramref name="n"/>-th call of <paramref name="kind"/> from now (1 = the next) throw
    /// <see cref="SimulatedCrashException"/> instead of being applied; the VFS then stays crashed until
    /// <see cref="SimulatePowerLoss"/>. Replaces an earlier crash plan.
    /// </summary>
    public void CrashAfter(FaultKind kind, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        lock (SyncRoot)
            _crash = (kind, _calls[(int)kind] + n);
    }

    /// <summary>Cancels every planned error and crash (counters are kept).</summary>
    public void ClearFaults()
    {
        lock (SyncRoot)
        {
            Array.Clear(_faults);
            _crash = null;
        }
    }

    /// <summary>
    /// Power loss and reboot: closes every open handle and shared memory (their later calls throw
    /// <see cref="SimulatedCrashException"/>), resets every file to what survives per <paramref name="mode"/>
    /// (decisions drawn from <paramref name="seed"/>; with <paramref name="garbageSectors"/> a torn sector may hold
    /// random bytes instead of its old content), makes that state durable, and clears the crashed state and any
    /// planned crash.
    /// </summary>
    public void SimulatePowerLoss(PowerLossMode mode, int seed, bool garbageSectors = false)
    {
        lock (SyncRoot)
        {
            foreach (var shm in _openShm)
                shm.Kill();
            _openShm.Clear();
            foreach (var file in _openFiles)
                file.Kill();
            _openFiles.Clear();

            var random = new Random(seed);
            var keys = new List<string>(_files.Keys);
            keys.Sort(StringComparer.Ordinal);
            foreach (string key in keys)
            {
                var tracked = _files[key];
                if (!_inner.Exists(key))
                {
                    _files.Remove(key);
                    continue;
                }
                var image = Survivor(tracked, mode, random, garbageSectors);
                using (var f = _inner.Open(key, VfsFileKind.MainDb, VfsOpenFlags.ReadWrite))
                {
                    f.Truncate(0);
                    if (image.Size > 0)
                        f.Write(image.Content, 0);
                    f.Sync(VfsSyncFlags.Full);
                }
                tracked.Durable = image;
                tracked.Pending.Clear();
            }
            _crashed = false;
            _crash = null;
        }
    }

    /// <inheritdoc />
    public IVfsFile Open(string path, VfsFileKind kind, VfsOpenFlags flags)
    {
        lock (SyncRoot)
        {
            BeforeCall(FaultKind.Open, path, dead: false);
            string key = _inner.FullPath(path);
            bool existed = _inner.Exists(key);
            var inner = _inner.Open(path, kind, flags);
            if (!existed || !_files.TryGetValue(key, out var tracked))
            {
                tracked = new TrackedFile(existed ? ReadAll(inner) : new FileImage());
                _files[key] = tracked;
            }
            var file = new FaultInjectingFile(this, inner, key, tracked, flags);
            _openFiles.Add(file);
            return file;
        }
    }

    /// <inheritdoc />
    public void Delete(string path, bool syncDirectory)
    {
        lock (SyncRoot)
        {
            BeforeCall(FaultKind.Delete, path, dead: false);
            _inner.Delete(path, syncDirectory);
            _files.Remove(_inner.FullPath(path));
        }
    }

    /// <inheritdoc />
    public bool Exists(string path) => _inner.Exists(path);

    /// <inheritdoc />
    public string FullPath(string path) => _inner.FullPath(path);

    /// <inheritdoc />
    public void Randomness(Span<byte> buffer) => _inner.Randomness(buffer);

    /// <inheritdoc />
    public void SyncDirectory(string path)
    {
        lock (SyncRoot)
        {
            CheckAlive(dead: false);
            _inner.SyncDirectory(path);
        }
    }

    /// <summary>Counts a call and throws the planned crash or error for it. Caller holds <see cref="SyncRoot"/>.</summary>
    internal void BeforeCall(FaultKind kind, string path, bool dead)
    {
        CheckAlive(dead);
        long n = ++_calls[(int)kind];
        if (_crash is { } crash && crash.Kind == kind && crash.At == n)
        {
            _crashed = true;
            throw new SimulatedCrashException($"simulated crash at {kind} call #{n} ({path})");
        }
        if (_faults[(int)kind] is { } fault && (n == fault.At || (fault.Persistent && n > fault.At)))
            throw new MiniSqlException(fault.Code, MessageFor(fault.Code));
    }

    /// <summary>Throws <see cref="SimulatedCrashException"/> when the process is dead or the handle outlived a power loss.</summary>
    internal void CheckAlive(bool dead)
    {
        if (dead)
            throw new SimulatedCrashException("handle used after it was closed or after a simulated power loss");
        if (_crashed)
            throw new SimulatedCrashException("I/O after a simulated crash");
    }

    internal FaultInjectingSharedMemory Track(FaultInjectingSharedMemory shm)
    {
        lock (SyncRoot)
            _openShm.Add(shm);
        return shm;
    }

    internal void Forget(FaultInjectingSharedMemory shm)
    {
        lock (SyncRoot)
            _openShm.Remove(shm);
    }

    internal void Forget(FaultInjectingFile file)
    {
        lock (SyncRoot)
            _openFiles.Remove(file);
    }

    /// <summary>Drops the tracking of a delete-on-close file once the inner VFS removed it.</summary>
    internal void ForgetIfDeleted(string key, TrackedFile tracked)
    {
        lock (SyncRoot)
        {
            if (!_inner.Exists(key) && _files.TryGetValue(key, out var current) && ReferenceEquals(current, tracked))
                _files.Remove(key);
        }
    }

    private static FileImage Survivor(TrackedFile tracked, PowerLossMode mode, Random random, bool garbageSectors)
    {
        var image = tracked.Durable.Clone();
        foreach (var op in tracked.Pending)
        {
            switch (mode)
            {
                case PowerLossMode.DropUnsynced:
                    break;
                case PowerLossMode.KeepAll:
                    op.ApplyTo(image);
                    break;
                case PowerLossMode.KeepRandomSubset:
                    if (random.Next(2) == 0)
                        op.ApplyTo(image);
                    break;
                case PowerLossMode.TornWrites:
                    if (random.Next(2) == 0)
                        break;
                    if (op.Data is null || op.Data.Length <= TearSectorSize || random.Next(2) == 0)
                        op.ApplyTo(image);
                    else
                        ApplyTorn(image, op, random, garbageSectors);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
            }
        }
        return image;
    }

    /// <summary>Applies each 512-byte sector of a write independently: new content, old content, or (optionally) garbage.</summary>
    private static void ApplyTorn(FileImage image, PendingOperation op, Random random, bool garbageSectors)
    {
        byte[] data = op.Data!;
        long at = op.Offset;
        long end = op.Offset + data.Length;
        while (at < end)
        {
            long sectorEnd = Math.Min(end, (at / TearSectorSize + 1) * TearSectorSize);
            var piece = data.AsSpan((int)(at - op.Offset), (int)(sectorEnd - at));
            if (random.Next(2) == 0)
            {
                image.Write(piece, at);
            }
            else if (garbageSectors && random.Next(2) == 0)
            {
                var garbage = new byte[piece.Length];
                random.NextBytes(garbage);
                image.Write(garbage, at);
            }
            at = sectorEnd;
        }
    }

    private static FileImage ReadAll(IVfsFile file)
    {
        long size = file.Size;
        var image = new FileImage();
        var buffer = new byte[65536];
        for (long at = 0; at < size; at += buffer.Length)
        {
            int n = file.Read(buffer, at);
            image.Write(buffer.AsSpan(0, (int)Math.Min(n, size - at)), at);
        }
        image.SetSize(size);
        return image;
    }

    // SQLite's wording only, so an injected error reads exactly like a real one.
    private static string MessageFor(ResultCode code) =>
        ((ResultCode)((int)code & 0xFF)) == ResultCode.IoErr ? "disk I/O error" : MiniSqlException.DefaultMessage(code);

    private sealed record FaultPlan(long At, ResultCode Code, bool Persistent);
}
