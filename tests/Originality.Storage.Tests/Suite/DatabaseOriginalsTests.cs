using System.Security.Cryptography;
using Dapper;
using Originality.Storage.Originals;

namespace Originality.Storage.Tests.Suite;

/// <summary>F-8 with the originals in the database (the PostgreSQL default), on both engines.</summary>
public abstract partial class StorageSuite
{
    private OriginalityStore WithDatabaseOriginals() => OriginalityStore.Open(new StorageOptions
    {
        Provider = Options.Provider,
        ConnectionString = Options.ConnectionString,
        DataDirectory = Options.DataDirectory,
        Originals = OriginalsLocation.Database,
    }, Clock);

    [Fact]
    public async Task An_original_put_through_one_process_is_read_intact_by_another()
    {
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        var put = await WithDatabaseOriginals().Originals.PutAsync(bytes);
        var again = await WithDatabaseOriginals().Originals.PutAsync(bytes);

        var read = await WithDatabaseOriginals().Originals.ReadAsync(put.Sha256);

        Assert.IsType<DatabaseOriginalStore>(WithDatabaseOriginals().Originals);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), put.Sha256);
        Assert.Equal(put, again);
        Assert.Equal(bytes, read);
        Assert.True(await WithDatabaseOriginals().Originals.VerifyAsync(put.Sha256));
    }

    [Fact]
    public async Task A_damaged_original_row_is_refused_on_read_and_putting_the_bytes_again_repairs_it()
    {
        var store = WithDatabaseOriginals();
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var put = await store.Originals.PutAsync(bytes);
        var damaged = (byte[])bytes.Clone();
        damaged[1234] ^= 0x40;
        await using (var connection = await store.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE original_files SET content = @damaged WHERE sha256 = @sha", new { damaged, sha = put.Sha256 });
        }

        var refused = await Assert.ThrowsAsync<OriginalCorruptedException>(() => store.Originals.ReadAsync(put.Sha256));
        Assert.False(await store.Originals.VerifyAsync(put.Sha256));
        await store.Originals.PutAsync(bytes);

        Assert.Equal(put.Sha256, refused.ExpectedSha256);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(damaged)), refused.ActualSha256);
        Assert.Equal(bytes, await store.Originals.ReadAsync(put.Sha256));
    }

    [Fact]
    public async Task An_original_never_stored_in_the_database_is_not_found()
    {
        var store = WithDatabaseOriginals();

        await Assert.ThrowsAsync<FileNotFoundException>(() => store.Originals.ReadAsync(new string('a', 64)));
        Assert.False(await store.Originals.VerifyAsync(new string('b', 64)));
        await Assert.ThrowsAsync<ArgumentException>(() => store.Originals.ReadAsync("not-a-hash"));
    }

    [Fact]
    public void The_default_keeps_originals_in_files_beside_SQLite_and_in_the_database_on_PostgreSQL() =>
        Assert.Equal(Provider == StorageProvider.Postgres ? OriginalsLocation.Database : OriginalsLocation.Files, Options.ResolveOriginalsLocation());
}
