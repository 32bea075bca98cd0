namespace Originality.Storage.Migrations;

/// <summary>
/// One numbered schema step. <see cref="Sql"/> is written in the portable subset with the
/// dialect tokens <c>{identity}</c> and <c>{blob}</c>; <see cref="PostgresOnly"/> and
/// <see cref="SqliteOnly"/> hold what cannot be shared (triggers, mostly).
/// </summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    public string PostgresOnly { get; init; } = "";

    public string SqliteOnly { get; init; } = "";
}
