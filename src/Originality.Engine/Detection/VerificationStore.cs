using Microsoft.Win32.SafeHandles;

namespace Originality.Engine.Detection;

/// <summary>
/// The filed pictures' verification records (<see cref="FiledRecord"/>), appended to one file and
/// read back by offset only for the few candidates of a lookup, so they never sit on the heap: the
/// operating system's page cache keeps the hot ones. The file is a cache, rebuilt from the
/// database's stored records; it is not evidence. Thread-safe.
/// </summary>
public sealed class VerificationStore : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly string _path;
    private readonly bool _deleteOnDispose;
    private readonly Lock _appendLock = new();
    private long _length;

    /// <summary>Opens (truncating) the store at <paramref name="path"/>; a temporary file when null, deleted on dispose.</summary>
    public VerificationStore(string? path = null)
    {
        _deleteOnDispose = path is null;
        _path = path ?? Path.Combine(Path.GetTempPath(), $"originality-verification-{Guid.NewGuid():N}.bin");
        var directory = Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        _file = File.OpenHandle(_path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.RandomAccess);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length => Volatile.Read(ref _length);

    /// <summary>Appends a record; returns where it starts (give it to <see cref="Read"/>).</summary>
    public long Append(ReadOnlySpan<byte> record)
    {
        Span<byte> header = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, record.Length);
        lock (_appendLock)
        {
            var offset = _length;
            RandomAccess.Write(_file, header, offset);
            RandomAccess.Write(_file, record, offset + 4);
            Volatile.Write(ref _length, offset + 4 + record.Length);
            return offset;
        }
    }

    /// <summary>Reads the record that starts at <paramref name="offset"/>.</summary>
    public byte[] Read(long offset)
    {
        Span<byte> header = stackalloc byte[4];
        if (offset < 0 || offset + 4 > Length || RandomAccess.Read(_file, header, offset) != 4)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), "No record starts there.");
        }
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || offset + 4 + length > Length)
        {
            throw new InvalidDataException("The verification store is damaged.");
        }
        var record = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(_file, record.AsSpan(read), offset + 4 + read);
            if (n <= 0)
            {
                throw new InvalidDataException("The verification store ended inside a record.");
            }
            read += n;
        }
        return record;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _file.Dispose();
        if (_deleteOnDispose)
        {
            File.Delete(_path);
        }
    }
}
