using System.Buffers.Binary;
using System.Text;

namespace Originality.Evidence;

/// <summary>
/// The append-only, durable filing log: a file of checksummed record frames (docs/evidence.md,
/// "Log file") and the Merkle tree over them, kept in memory.
/// </summary>
/// <remarks>
/// <para>
/// Append writes whole frames and flushes them to disk before the in-memory tree changes, so an
/// append that returned is durable. A crash part-way leaves a torn tail; <see cref="OpenAsync"/>
/// cuts the file back to the last whole, valid frame, so the log reopens with or without the new
/// leaves, never corrupt. Each frame's checksum is the leaf hash itself, which the tree needs anyway.
/// </para>
/// <para>
/// Thread safe: appends are serialised; roots, proofs and reads may run alongside them. The file is
/// opened for exclusive writing, so a second process cannot append to the same log.
/// </para>
/// </remarks>
public sealed class FilingLog : IAsyncDisposable, IDisposable
{
    /// <summary>The 8 bytes every log file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "ORIGLOG1"u8;

    /// <summary>Largest record encoding a frame may hold.</summary>
    public const int MaxRecordLength = 1 << 20;

    private const int LengthPrefix = 4;
    private const int FrameOverhead = LengthPrefix + MerkleHash.Length;

    private readonly FileStream _file;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly Lock _treeLock = new();
    private readonly MerkleTree _tree;
    private readonly List<long> _frameOffsets;
    private readonly List<long> _sequences;
    private long _end;
    private bool _disposed;

    private FilingLog(string path, FileStream file, MerkleTree tree, List<long> frameOffsets, List<long> sequences, long end, long truncatedBytes, long pendingBytes)
    {
        Path = path;
        _file = file;
        _tree = tree;
        _frameOffsets = frameOffsets;
        _sequences = sequences;
        _end = end;
        RecoveredTornBytes = truncatedBytes;
        PendingTornBytes = pendingBytes;
    }

    public string Path { get; }

    /// <summary>Bytes of a torn tail cut off when the log was opened, or by <see cref="DropTornTail"/> (0 after a clean shutdown).</summary>
    public long RecoveredTornBytes { get; private set; }

    /// <summary>
    /// Bytes after the last whole, valid frame that are still in the file, because the log was
    /// opened with <c>recoverTornTail: false</c>; appends are refused until <see cref="DropTornTail"/>.
    /// </summary>
    public long PendingTornBytes { get; private set; }

    /// <summary>File offset where the valid frames end (and a torn tail, if any, begins).</summary>
    public long ValidLength => _end;

    /// <summary>Number of filings in the log.</summary>
    public long Count
    {
        get
        {
            lock (_treeLock)
            {
                return _tree.Count;
            }
        }
    }

    /// <summary>Sequence number of the last filing, or -1 for an empty log.</summary>
    public long LastSequence
    {
        get
        {
            lock (_treeLock)
            {
                return _sequences.Count == 0 ? -1 : _sequences[^1];
            }
        }
    }

    /// <summary>
    /// Opens the log at <paramref name="path"/>, creating it if missing, and rebuilds the tree by
    /// reading every frame; a torn tail is cut off (see <see cref="RecoveredTornBytes"/>).
    /// </summary>
    /// <exception cref="EvidenceLogCorruptException">The file is not a filing log.</exception>
    public static Task<FilingLog> OpenAsync(string path, CancellationToken cancellationToken) =>
        OpenAsync(path, recoverTornTail: true, cancellationToken);

    /// <summary>
    /// Opens the log; with <paramref name="recoverTornTail"/> false a torn tail is left in the file
    /// (see <see cref="PendingTornBytes"/>) so the caller can first check that no acknowledged
    /// filing lies in it, then call <see cref="DropTornTail"/> or refuse to start.
    /// </summary>
    /// <exception cref="EvidenceLogCorruptException">The file is not a filing log.</exception>
    public static async Task<FilingLog> OpenAsync(string path, bool recoverTornTail, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        try
        {
            await EnsureHeaderAsync(file, full, cancellationToken).ConfigureAwait(false);
            var tree = new MerkleTree();
            var offsets = new List<long>();
            var sequences = new List<long>();
            var end = await ReadFramesAsync(file, tree, offsets, sequences, cancellationToken).ConfigureAwait(false);
            var torn = file.Length - end;
            if (torn > 0 && recoverTornTail)
            {
                file.SetLength(end);
                file.Flush(flushToDisk: true);
                return new FilingLog(full, file, tree, offsets, sequences, end, torn, 0);
            }
            return new FilingLog(full, file, tree, offsets, sequences, end, 0, torn);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Cuts off the torn tail left by an open with <c>recoverTornTail: false</c>.</summary>
    public void DropTornTail()
    {
        _appendGate.Wait();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (PendingTornBytes > 0)
            {
                _file.SetLength(_end);
                _file.Flush(flushToDisk: true);
                RecoveredTornBytes = PendingTornBytes;
                PendingTornBytes = 0;
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <summary>Appends one filing durably; returns its leaf index.</summary>
    public async Task<long> AppendAsync(FilingRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return await AppendRangeAsync([record], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Appends filings in order with a single flush to disk (all or none survive a crash only up to
    /// whole frames: a crash may keep a prefix of them); returns the leaf index of the first.
    /// </summary>
    /// <exception cref="ArgumentException">A sequence number does not increase.</exception>
    public async Task<long> AppendRangeAsync(IReadOnlyList<FilingRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new ArgumentException("Nothing to append.", nameof(records));
        }
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (PendingTornBytes > 0)
            {
                throw new InvalidOperationException($"{Path} still has a torn tail of {PendingTornBytes} bytes; check it and call DropTornTail before appending.");
            }
            var previous = LastSequence;
            var frames = new MemoryStream();
            var leafHashes = new List<byte[]>(records.Count);
            var frameStarts = new List<long>(records.Count);
            foreach (var record in records)
            {
                if (record.Sequence <= previous)
                {
                    throw new ArgumentException($"Filing sequence numbers must increase: {record.Sequence} follows {previous}.", nameof(records));
                }
                previous = record.Sequence;
                frameStarts.Add(_end + frames.Length);
                leafHashes.Add(WriteFrame(frames, record.ToCanonicalBytes()));
            }
            try
            {
                await RandomAccess.WriteAsync(_file.SafeFileHandle, frames.GetBuffer().AsMemory(0, (int)frames.Length), _end, cancellationToken).ConfigureAwait(false);
                _file.Flush(flushToDisk: true);
            }
            catch
            {
                // Leave no half-written frame behind for the next append to follow.
                _file.SetLength(_end);
                throw;
            }
            _end += frames.Length;
            lock (_treeLock)
            {
                var first = _tree.Count;
                for (var i = 0; i < records.Count; i++)
                {
                    _tree.Append(leafHashes[i]);
                    _frameOffsets.Add(frameStarts[i]);
                    _sequences.Add(records[i].Sequence);
                }
                return first;
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <summary>Root hash of the tree of the first <paramref name="size"/> filings.</summary>
    public byte[] RootHash(long size)
    {
        lock (_treeLock)
        {
            return _tree.RootHash(size);
        }
    }

    /// <summary>The current size and root, unsigned and undated.</summary>
    public (long Size, byte[] RootHash) Snapshot()
    {
        lock (_treeLock)
        {
            return (_tree.Count, _tree.RootHash());
        }
    }

    /// <summary>Leaf hash of filing <paramref name="leafIndex"/>.</summary>
    public byte[] LeafHash(long leafIndex)
    {
        lock (_treeLock)
        {
            return _tree.LeafHash(leafIndex);
        }
    }

    /// <summary>Inclusion proof of leaf <paramref name="leafIndex"/> in the tree of <paramref name="treeSize"/> leaves.</summary>
    public IReadOnlyList<byte[]> InclusionProof(long leafIndex, long treeSize)
    {
        lock (_treeLock)
        {
            return _tree.InclusionProof(leafIndex, treeSize);
        }
    }

    /// <summary>Consistency proof between the trees of <paramref name="oldSize"/> and <paramref name="newSize"/> leaves.</summary>
    public ConsistencyProofDocument ConsistencyProof(long oldSize, long newSize)
    {
        lock (_treeLock)
        {
            return new ConsistencyProofDocument(oldSize, newSize, _tree.ConsistencyProof(oldSize, newSize));
        }
    }

    /// <summary>True when <paramref name="head"/> describes a prefix of this log (its size is covered and its root matches).</summary>
    public bool Matches(TreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        lock (_treeLock)
        {
            return head.Size <= _tree.Count && _tree.RootHash(head.Size).AsSpan().SequenceEqual(head.RootHash);
        }
    }

    /// <summary>Leaf index of the filing with sequence number <paramref name="sequence"/>, or -1.</summary>
    public long FindLeafIndex(long sequence)
    {
        lock (_treeLock)
        {
            var index = _sequences.BinarySearch(sequence);
            return index >= 0 ? index : -1;
        }
    }

    /// <summary>Reads filing <paramref name="leafIndex"/> back from the file.</summary>
    public async Task<FilingRecord> ReadRecordAsync(long leafIndex, CancellationToken cancellationToken)
    {
        long offset;
        lock (_treeLock)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, _tree.Count);
            offset = _frameOffsets[(int)leafIndex];
        }
        var prefix = new byte[LengthPrefix];
        await ReadExactlyAsync(offset, prefix, cancellationToken).ConfigureAwait(false);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(prefix)];
        await ReadExactlyAsync(offset + LengthPrefix, payload, cancellationToken).ConfigureAwait(false);
        if (!MerkleHash.Leaf(payload).AsSpan().SequenceEqual(LeafHash(leafIndex)))
        {
            throw new EvidenceLogCorruptException($"Filing {leafIndex} in {Path} changed on disk after the log was opened.");
        }
        return FilingRecord.FromCanonicalBytes(payload);
    }

    /// <summary>
    /// A certificate for filing <paramref name="leafIndex"/> under <paramref name="head"/>, which
    /// must be a head of this log that covers the filing.
    /// </summary>
    public async Task<FilingCertificate> CreateCertificateAsync(long leafIndex, SignedTreeHead head, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (leafIndex >= head.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"Tree head of size {head.Size} does not cover filing {leafIndex}; issue a newer head first.");
        }
        if (!Matches(head.Head))
        {
            throw new ArgumentException("The tree head does not belong to this log.", nameof(head));
        }
        var record = await ReadRecordAsync(leafIndex, cancellationToken).ConfigureAwait(false);
        return new FilingCertificate(record, leafIndex, head, InclusionProof(leafIndex, head.Size));
    }

    /// <summary>
    /// Compares the log with the filings stored elsewhere (e.g. the database), in log order, and
    /// reports the first difference: a changed, missing or extra filing.
    /// </summary>
    public LogAudit VerifyAgainst(IEnumerable<FilingRecord> storedFilings)
    {
        ArgumentNullException.ThrowIfNull(storedFilings);
        var auditor = new Auditor(this);
        foreach (var filing in storedFilings)
        {
            if (auditor.Next(filing) is { } mismatch)
            {
                return mismatch;
            }
        }
        return auditor.Finish();
    }

    /// <inheritdoc cref="VerifyAgainst(IEnumerable{FilingRecord})"/>
    public async Task<LogAudit> VerifyAgainstAsync(IAsyncEnumerable<FilingRecord> storedFilings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storedFilings);
        var auditor = new Auditor(this);
        await foreach (var filing in storedFilings.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (auditor.Next(filing) is { } mismatch)
            {
                return mismatch;
            }
        }
        return auditor.Finish();
    }

    public async ValueTask DisposeAsync()
    {
        await _appendGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                await _file.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    public void Dispose()
    {
        _appendGate.Wait();
        try
        {
            if (!_disposed)
            {
                _disposed = true;
                _file.Dispose();
            }
        }
        finally
        {
            _appendGate.Release();
        }
    }

    private static byte[] WriteFrame(MemoryStream frames, byte[] payload)
    {
        Span<byte> prefix = stackalloc byte[LengthPrefix];
        BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)payload.Length);
        var leafHash = MerkleHash.Leaf(payload);
        frames.Write(prefix);
        frames.Write(payload);
        frames.Write(leafHash);
        return leafHash;
    }

    private async Task ReadExactlyAsync(long offset, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await RandomAccess.ReadAsync(_file.SafeFileHandle, buffer.AsMemory(read), offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EvidenceLogCorruptException($"{Path} is shorter than its index says.");
            }
            read += n;
        }
    }

    private static async Task EnsureHeaderAsync(FileStream file, string path, CancellationToken cancellationToken)
    {
        var header = new byte[Magic.Length];
        var length = (int)Math.Min(file.Length, header.Length);
        file.Position = 0;
        await file.ReadExactlyAsync(header.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        if (length == header.Length && header.AsSpan().SequenceEqual(Magic))
        {
            return;
        }
        // A new file, or one whose creation was cut short while writing the header.
        if (length < header.Length && header.AsSpan(0, length).SequenceEqual(Magic[..length]))
        {
            file.SetLength(0);
            await file.WriteAsync(Magic.ToArray(), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            return;
        }
        throw new EvidenceLogCorruptException($"{path} is not a filing log (it does not start with \"{Encoding.ASCII.GetString(Magic)}\").");
    }

    // Reads frames until the first that is incomplete or invalid; returns where the valid ones end.
    private static async Task<long> ReadFramesAsync(FileStream file, MerkleTree tree, List<long> offsets, List<long> sequences, CancellationToken cancellationToken)
    {
        var fileLength = file.Length;
        var offset = (long)Magic.Length;
        file.Position = offset;
        var reader = new BufferedStream(file, 1 << 16);
        var prefix = new byte[LengthPrefix];
        var storedHash = new byte[MerkleHash.Length];
        var computedHash = new byte[MerkleHash.Length];
        var payload = new byte[1024];
        var previousSequence = -1L;
        while (fileLength - offset >= FrameOverhead)
        {
            await reader.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
            if (length == 0 || length > MaxRecordLength || fileLength - offset - FrameOverhead < length)
            {
                break;
            }
            if (payload.Length < length)
            {
                payload = new byte[Math.Max(length, payload.Length * 2)];
            }
            var record = payload.AsMemory(0, (int)length);
            await reader.ReadExactlyAsync(record, cancellationToken).ConfigureAwait(false);
            await reader.ReadExactlyAsync(storedHash, cancellationToken).ConfigureAwait(false);
            MerkleHash.Leaf(record.Span, computedHash);
            if (!computedHash.AsSpan().SequenceEqual(storedHash) || !TryReadSequence(record.Span, out var sequence) || sequence <= previousSequence)
            {
                break;
            }
            previousSequence = sequence;
            tree.Append(computedHash);
            offsets.Add(offset);
            sequences.Add(sequence);
            offset += FrameOverhead + length;
        }
        return offset;
    }

    private static bool TryReadSequence(ReadOnlySpan<byte> encoded, out long sequence)
    {
        try
        {
            sequence = FilingRecord.FromCanonicalBytes(encoded).Sequence;
            return true;
        }
        catch (EvidenceFormatException)
        {
            sequence = -1;
            return false;
        }
    }

    private sealed class Auditor(FilingLog log)
    {
        private long _index;

        public LogAudit? Next(FilingRecord filing)
        {
            var count = log.Count;
            if (_index >= count)
            {
                return LogAudit.Mismatch(LogAuditOutcome.LogBehind, _index, $"the log has {count} filings but the store has more; the first missing one is {filing}");
            }
            var logged = log.LeafHash(_index);
            if (!filing.LeafHash().AsSpan().SequenceEqual(logged))
            {
                return LogAudit.Mismatch(LogAuditOutcome.FilingDiffers, _index, $"filing at position {_index} differs: the store has {filing}, the log has leaf hash {Hex.Encode(logged)}");
            }
            _index++;
            return null;
        }

        public LogAudit Finish()
        {
            var count = log.Count;
            return _index == count
                ? LogAudit.Consistent(count)
                : LogAudit.Mismatch(LogAuditOutcome.LogAhead, _index, $"the log has {count} filings but the store only {_index}; log leaf {_index} is not in the store");
        }
    }
}

/// <summary>How the log compares with the stored filings.</summary>
public enum LogAuditOutcome
{
    /// <summary>Same filings, same order.</summary>
    Consistent,

    /// <summary>
    /// The log is a prefix of the store: filings were stored but not yet logged (e.g. a crash
    /// between the database commit and the append). Append the missing ones, in order, from
    /// <see cref="LogAudit.FirstMismatchIndex"/>.
    /// </summary>
    LogBehind,

    /// <summary>A filing at the same position differs: the database or the log was changed. An incident, not to be repaired automatically.</summary>
    FilingDiffers,

    /// <summary>The log holds filings the store does not (lost database rows). An incident.</summary>
    LogAhead,
}

/// <summary>Result of comparing the log with the stored filings.</summary>
public sealed record LogAudit(LogAuditOutcome Outcome, long CheckedFilings, long? FirstMismatchIndex, string Message)
{
    public bool IsConsistent => Outcome == LogAuditOutcome.Consistent;

    public static LogAudit Consistent(long count) => new(LogAuditOutcome.Consistent, count, null, $"all {count} filings match the log");

    public static LogAudit Mismatch(LogAuditOutcome outcome, long index, string message) => new(outcome, index, index, message);
}
