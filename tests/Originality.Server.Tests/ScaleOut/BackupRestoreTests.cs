using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Npgsql;
using Originality.Evidence;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.ScaleOut;

/// <summary>
/// docs/operations.md, "Backup and restore", carried out: <c>pg_dump --format=custom</c> of a live
/// server's PostgreSQL database, <c>pg_restore</c> into a new database, and a new server (a fresh
/// data folder, so nothing but the database comes along) started on it with the same signing key.
/// With PostgreSQL the database is the whole state: rows, originals, the evidence log, fingerprints.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    public async Task A_server_on_a_restored_dump_serves_every_certificate_and_original_of_the_backup_and_knows_its_pictures()
    {
        await using var live = new ServerFactory(Database.Postgres);
        var market = new Marketplace(live);
        var alice = await market.MemberAsync("alice");
        var picture = TestPictures.Original(5101, 1200, 1000);
        var filingId = await Marketplace.FileAsync(alice, picture);
        var certificate = await (await alice.Client.GetAsync($"/api/certificates/{filingId}")).ReadJson(HttpStatusCode.OK);
        var connection = new NpgsqlConnectionStringBuilder(live.Service<Microsoft.Extensions.Options.IOptions<Originality.Storage.StorageOptions>>().Value.ConnectionString);

        var dump = Path.Combine(Path.GetTempPath(), $"originality-{Guid.NewGuid():N}.dump");
        var restored = "originality_restored_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await RunAsync("pg_dump", connection, "--format=custom", "--file=" + dump, connection.Database!);
            // Filed after the backup: the restore goes back in time and must not know it.
            var later = await Marketplace.FileAsync(alice, TestPictures.Original(5102));

            await AdminAsync($"CREATE DATABASE {restored}");
            await RunAsync("pg_restore", connection, "--no-owner", "--dbname=" + restored, dump);
            connection.Database = restored;
            await using var after = new ServerFactory(Database.Postgres, new Dictionary<string, string?> { ["Storage:ConnectionString"] = connection.ConnectionString });
            var aliceAfter = after.ClientWithKey(alice.ApiKey);
            var bob = await new Marketplace(after).MemberAsync("bob");

            var certificateAfter = await (await aliceAfter.GetAsync($"/api/certificates/{filingId}")).ReadJson(HttpStatusCode.OK);
            var originalAfter = await (await aliceAfter.GetAsync($"/api/filings/{filingId}/original")).Content.ReadAsByteArrayAsync();
            using var key = EvidencePublicKey.FromPem(await after.Anonymous().GetStringAsync("/api/evidence/public-key"));
            var copy = await Marketplace.UploadAsync(bob, await Marketplace.FolderAsync(bob), ("copy.jpg", TestPictures.Copy(picture, 0.85)));

            Assert.Equal(certificate.GetRawText(), certificateAfter.GetRawText());
            Assert.True(CertificateVerifier.Verify(certificateAfter.GetRawText(), key, SHA256.HashData(picture)).Succeeded);
            Assert.Equal(picture, originalAfter);
            // The restored server's index was rebuilt from the database alone: the copy is refused (F-5).
            Assert.Equal("not-original", copy.GetProperty("files")[0].GetProperty("code").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await aliceAfter.GetAsync($"/api/certificates/{later}")).StatusCode);
        }
        finally
        {
            File.Delete(dump);
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {restored} WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var admin = new NpgsqlConnection(TestEnvironment.Require(TestEnvironment.PostgresConnectionString, "PostgreSQL (ORIGINALITY_TEST_POSTGRES)"));
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task RunAsync(string tool, NpgsqlConnectionStringBuilder connection, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // libpq's own variables, so the password is not on a command line.
        start.Environment["PGHOST"] = connection.Host;
        start.Environment["PGPORT"] = connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PGUSER"] = connection.Username;
        start.Environment["PGPASSWORD"] = connection.Password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await error}");
    }
}
