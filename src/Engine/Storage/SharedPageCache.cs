// SharedPageCache.cs — a process-wide second-level cache of committed, clean page images, shared by every pager of
// this process that opened the same database file through OsVfs (see Pager.Shared.cs for when a pager uses it).
//
// Each pager keeps its private PageCache (mutable Page objects, dirty pages, pins); on a private miss it asks this
// cache before reading the file, and it adds every image it read from the file or the WAL. Images here are immutable
// copies: a pager copies them into its own buffer, so no connection ever sees another connection's buffer.
//
// Invariants:
//  S1. An entry's key names content that can never change: (file, page size, page number) plus a version that
//      identifies one committed page image forever (SharedPageKey). Staleness is impossible by construction; nothing
//      is ever invalidated, old versions just stop being asked for and age out of the LRU.
//  S2. Only committed images are added: images read from the database file or from WAL frames inside a read
//      transaction. Dirty pages of a write transaction never reach this cache.
//  S3. Memory is bounded by MaxBytes (all files together); each of the Shards holds at most MaxBytes / Shards bytes
//      and evicts its least recently used entries. Each shard has its own lock, held only for the dictionary and
//      list update; the page copy happens outside it (images are immutable).

using System.Diagnostics;

namespace MiniSql.Engine.Storage;

/// <summary>
/// Version of one committed page image (see S1). <see cref="Kind.Rollback"/>: the database file as of file change
/// counter and in-header size (read under SHARED). <see cref="Kind.Wal"/>: the page as of WAL frame
/// <see cref="Frame"/> of the WAL epoch with salts <see cref="Version"/> (frame 0: the content the page had when
/// that epoch began), valid only during one continuous period in which this process held a SHARED lock on the
/// database file in WAL mode (<see cref="Generation"/>).
/// </summary>
internal readonly record struct SharedPageKey(long FileId, long Generation, ulong Version, uint Frame, uint Page, int PageSize);

/// <summary>The process-wide cache of committed page images (see S1..S3). Thread-safe.</summary>
public static class SharedPageCache
{
    /// <summary>Default bound: 8 MiB for all files together.</summary>
    public const long DefaultMaxBytes = 8L << 20;

    private const int Shards = 16;
    private static readonly Shard[] s_shards = CreateShards();
    private static readonly Dictionary<string, SharedCacheFile> s_files = new(StringComparer.Ordinal);
    private static long s_maxBytes = DefaultMaxBytes;
    private static long s_nextId;

    /// <summary>
    /// Upper bound of the memory the cache holds (all files together). 0 disables sharing (nothing is kept).
    /// Lowering it evicts at once.
    /// </summary>
    public static long MaxBytes
    {
        get => Interlocked.Read(ref s_maxBytes);
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            Interlocked.Exchange(ref s_maxBytes, value);
            foreach (var shard in s_shards)
                shard.Trim(value / Shards);
        }
    }

    /// <summary>Bytes of page images held now.</summary>
    public static long CurrentBytes
    {
        get
        {
            long total = 0;
            foreach (var shard in s_shards)
                total += shard.Bytes;
            return total;
        }
    }

    /// <summary>Drops every entry (tests; memory pressure).</summary>
    public static void Clear()
    {
        foreach (var shard in s_shards)
            shard.Trim(0);
    }

    /// <summary>A fresh id, never reused in this process (file ids and WAL generations).</summary>
    internal static long NextId() => Interlocked.Increment(ref s_nextId);

    /// <summary>Registers a pager of the file <paramref name="identity"/>; pair with <see cref="Detach"/>.</summary>
    internal static SharedCacheFile Attach(string identity)
    {
        lock (s_files)
        {
            if (!s_files.TryGetValue(identity, out var file))
            {
                file = new SharedCacheFile(identity, NextId());
                s_files.Add(identity, file);
            }
            file.References++;
            return file;
        }
    }

    /// <summary>
    /// Unregisters a pager. When the last pager of the file leaves, the file's id is retired: a later pager of the
    /// same path gets a new id, so images of a file that was replaced while nobody here had it open are never used.
    /// </summary>
    internal static void Detach(SharedCacheFile file)
    {
        lock (s_files)
        {
            if (--file.References == 0)
                s_files.Remove(file.Identity);
        }
    }

    /// <summary>Copies the image of <paramref name="key"/> into <paramref name="destination"/>; false when absent.</summary>
    internal static bool TryCopy(in SharedPageKey key, Span<byte> destination)
    {
        var image = s_shards[ShardOf(key)].Find(key);
        if (image is null)
            return false;
        Debug.Assert(image.Length == destination.Length);
        image.CopyTo(destination);
        return true;
    }

    /// <summary>Adds a copy of <paramref name="image"/> under <paramref name="key"/> (S2: committed images only).</summary>
    internal static void Add(in SharedPageKey key, ReadOnlySpan<byte> image)
    {
        long limit = MaxBytes / Shards;
        if (image.Length > limit)
            return;
        s_shards[ShardOf(key)].Add(key, image.ToArray(), limit);
    }

    private static int ShardOf(in SharedPageKey key) => (int)((uint)HashCode.Combine(key.FileId, key.Page) % Shards);

    private static Shard[] CreateShards()
    {
        var shards = new Shard[Shards];
        for (int i = 0; i < Shards; i++)
            shards[i] = new Shard();
        return shards;
    }

    /// <summary>One lock, a dictionary and an LRU list (S3).</summary>
    private sealed class Shard
    {
        private readonly Dictionary<SharedPageKey, LinkedListNode<Entry>> _map = new();
        private readonly LinkedList<Entry> _lru = new(); // first = most recently used
        private long _bytes;

        public long Bytes => Volatile.Read(ref _bytes);

        public byte[]? Find(in SharedPageKey key)
        {
            lock (this)
            {
                if (!_map.TryGetValue(key, out var node))
                    return null;
                if (node != _lru.First)
                {
                    _lru.Remove(node);
                    _lru.AddFirst(node);
                }
                return node.Value.Image;
            }
        }

        public void Add(in SharedPageKey key, byte[] image, long limit)
        {
            lock (this)
            {
                if (_map.ContainsKey(key))
                    return; // same key, same content (S1)
                var node = _lru.AddFirst(new Entry(key, image));
                _map.Add(key, node);
                _bytes += image.Length;
                TrimLocked(limit);
            }
        }

        public void Trim(long limit)
        {
            lock (this)
                TrimLocked(limit);
        }

        private void TrimLocked(long limit)
        {
            while (_bytes > limit && _lru.Last is { } victim)
            {
                _lru.RemoveLast();
                _map.Remove(victim.Value.Key);
                _bytes -= victim.Value.Image.Length;
            }
        }

        private readonly record struct Entry(SharedPageKey Key, byte[] Image);
    }
}

/// <summary>
/// One database file in the shared cache: its id, the pagers attached to it, and the current WAL generation: a
/// period during which at least one pager of this process held a SHARED lock on the file in WAL mode without a break
/// (Pager invariant P7). While such a lock is held no connection anywhere can leave WAL mode or write the database
/// file other than by checkpointing WAL frames, so "the content a page had when WAL epoch S began" stays well defined.
/// </summary>
internal sealed class SharedCacheFile(string identity, long id)
{
    private int _walHolders;
    private long _walGeneration;

    public string Identity { get; } = identity;

    public long Id { get; } = id;

    public int References { get; set; }

    /// <summary>Called by a pager once it holds SHARED in WAL mode; returns the generation its keys use.</summary>
    public long JoinWal()
    {
        lock (this)
        {
            if (_walHolders++ == 0)
                _walGeneration = SharedPageCache.NextId();
            return _walGeneration;
        }
    }

    /// <summary>Called by a pager that joined when it drops its SHARED lock (or leaves WAL mode). The last one to leave
    /// retires the generation, so its images are never used again.</summary>
    public void LeaveWal()
    {
        lock (this)
        {
            if (--_walHolders == 0)
                _walGeneration = 0;
        }
    }
}
