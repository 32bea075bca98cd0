using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Originality.Server.Tests.Infrastructure;
using Originality.Tests;

namespace Originality.Server.Tests.Hostile;

/// <summary>
/// Issue 10: hostile pictures in a batch are refused file by file, and malformed requests of every
/// kind to every route of the served OpenAPI document are 4xx problem details, never 5xx.
/// </summary>
public sealed class HostileRequestTests() : MarketplaceTest(Database.Sqlite)
{
    [Fact]
    public async Task Hostile_pictures_are_refused_one_by_one_and_the_valid_files_of_the_batch_are_kept()
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);
        var good = TestPictures.Original(41);
        var valid = HostileFiles.Png(900, 800, seed: 7);

        var result = await Marketplace.UploadAsync(alice, folder,
            ("good.png", good),
            ("chunk-length.png", HostileFiles.WithLyingChunk(valid)),
            ("exif-length.png", HostileFiles.WithLyingChunk(valid, "eXIf")),
            ("torn.png", HostileFiles.Truncated(valid, 0.6)),
            ("progressive.jpg", HostileFiles.JpegHeaderOnly(6000, 6000, 0xC2)),
            ("wide.png", HostileFiles.PngHeaderOnly(70_000, 1_000)));

        var files = result.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(6, files.Count);
        Assert.Equal("certified", files[0].GetProperty("outcome").GetString());
        Assert.All(files.Skip(1), f => Assert.Equal("refused", f.GetProperty("outcome").GetString()));
        Assert.Equal(["corrupt-image", "corrupt-image", "corrupt-image", "too-many-pixels", "too-many-pixels"],
            files.Skip(1).Select(f => f.GetProperty("code").GetString()));
        Assert.Equal(1, result.GetProperty("certified").GetInt32());
    }

    [Fact]
    public async Task A_10000_by_10000_zero_png_at_the_pixel_cap_gets_an_answer_not_a_failure()
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);

        var result = await Marketplace.UploadAsync(alice, folder, ("zero.png", HostileFiles.ZeroPng(10_000, 10_000)), ("good.png", TestPictures.Original(42)));

        var files = result.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal("certified", files[1].GetProperty("outcome").GetString());
        Assert.NotNull(files[0].GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.99)]
    public async Task A_torn_multipart_upload_is_a_400_problem(double keep)
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);
        using var form = new MultipartFormDataContent("torn-boundary") { { new ByteArrayContent(TestPictures.Original(43)), "files", "a.png" } };
        var whole = await form.ReadAsByteArrayAsync();
        using var torn = new ByteArrayContent(HostileFiles.Truncated(whole, keep));
        torn.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=torn-boundary");

        var response = await alice.Client.PostAsync($"/api/folders/{folder}/pictures", torn);

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=\"unclosed")]
    [InlineData("multipart/form-data; boundary=wrong-boundary")]
    [InlineData("multipart/form-data; boundary=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task An_upload_with_a_bad_boundary_is_a_400_problem(string contentType)
    {
        var alice = await Market.MemberAsync("alice");
        var folder = await Marketplace.FolderAsync(alice);
        using var form = new MultipartFormDataContent("right-boundary") { { new ByteArrayContent(TestPictures.Original(44)), "files", "a.png" } };
        using var body = new ByteArrayContent(await form.ReadAsByteArrayAsync());
        body.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await alice.Client.PostAsync($"/api/folders/{folder}/pictures", body);

        await AssertProblem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Json_that_is_invalid_or_of_the_wrong_type_is_a_400_too_large_a_413_and_another_content_type_a_415()
    {
        var alice = await Market.MemberAsync("alice");

        await AssertProblem(await alice.Client.PostAsync("/api/folders", Json("{\"name\":")), HttpStatusCode.BadRequest);
        await AssertProblem(await alice.Client.PostAsync("/api/folders", Json("{\"name\":[1,2]}")), HttpStatusCode.BadRequest);
        await AssertProblem(await alice.Client.PostAsync("/api/folders", Json("{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}")), HttpStatusCode.RequestEntityTooLarge);
        var wrongType = await alice.Client.PostAsync("/api/folders", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await AssertProblem(wrongType, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("/problems/unsupported-media-type", await wrongType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Every operation of the OpenAPI document, called by a member and by the operator with a
    /// catalogue of broken bodies: none may answer 5xx, and every 4xx with a body is problem details.
    /// </summary>
    [Fact]
    public async Task Every_route_of_the_openapi_document_answers_malformed_requests_without_a_5xx()
    {
        var alice = await Market.MemberAsync("alice");
        var document = JsonNode.Parse(await Server.Anonymous().GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"];
        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api", StringComparison.Ordinal))
            {
                continue;
            }
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is "parameters" or "summary" or "description")
                {
                    continue;
                }
                foreach (var concrete in ConcretePaths(path))
                {
                    foreach (var (label, content) in Catalogue(operation, schemas))
                    {
                        foreach (var client in new[] { alice.Client, Market.Operator })
                        {
                            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), concrete) { Content = content() };
                            using var response = await client.SendAsync(request);
                            sent++;
                            var status = (int)response.StatusCode;
                            var type = response.Content.Headers.ContentType?.MediaType;
                            if (status >= 500)
                            {
                                failures.Add($"{method.ToUpperInvariant()} {concrete} [{label}] → {status}: {await response.Content.ReadAsStringAsync()}");
                            }
                            else if (status >= 400 && response.Content.Headers.ContentLength is > 0 && type != "application/problem+json")
                            {
                                failures.Add($"{method.ToUpperInvariant()} {concrete} [{label}] → {status} as {type}, not problem details");
                            }
                        }
                    }
                }
            }
        }
        Assert.True(sent > 500, $"only {sent} requests were sent");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} malformed requests failed:\n" + string.Join("\n", failures.Take(40)));
    }

    private static IEnumerable<string> ConcretePaths(string path)
    {
        if (!path.Contains('{', StringComparison.Ordinal))
        {
            yield return path;
            yield break;
        }
        foreach (var value in new[] { "x", Guid.NewGuid().ToString(), "-1", "99999999999999999999", "%20", "..%2F..%2Fetc" })
        {
            yield return System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", value);
        }
    }

    private static IEnumerable<(string Label, Func<HttpContent?> Content)> Catalogue(JsonNode? operation, JsonNode? schemas)
    {
        yield return ("no body", () => null);
        yield return ("empty json", () => Json(""));
        yield return ("invalid json", () => Json("{\"a\":"));
        yield return ("json null", () => Json("null"));
        yield return ("json array", () => Json("[1,2,3]"));
        yield return ("json string", () => Json("\"x\""));
        yield return ("deep json", () => Json(new string('[', 5000) + new string(']', 5000)));
        yield return ("oversized json", () => Json("{\"a\":\"" + new string('x', (1024 * 1024) + 10) + "\"}"));
        yield return ("wrong content type", () => new StringContent("a=b", Encoding.UTF8, "text/plain"));
        yield return ("form urlencoded", () => new FormUrlEncodedContent([new("a", "b")]));
        yield return ("bad boundary", () =>
        {
            var c = new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n"u8.ToArray());
            c.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=");
            return c;
        });
        yield return ("torn multipart", () =>
        {
            var c = new ByteArrayContent("--torn\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u0089PNG"u8.ToArray());
            c.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=torn");
            return c;
        });
        yield return ("hostile picture", () =>
        {
            var form = new MultipartFormDataContent("hostile");
            foreach (var name in new[] { "files", "file", "picture", "main", "sku" })
            {
                form.Add(new ByteArrayContent(HostileFiles.WithLyingChunk(HostileFiles.Png(32, 32))), name, "a.png");
            }
            form.Add(new StringContent("x"), "listingId");
            return form;
        });
        if (RequestSchema(operation, schemas) is JsonObject { } schema && schema["properties"] is JsonObject properties)
        {
            var wrong = new JsonObject();
            var huge = new JsonObject();
            foreach (var (name, property) in properties)
            {
                var type = Resolve(property, schemas)?["type"]?.ToString() ?? "";
                wrong[name] = type.Contains("string", StringComparison.Ordinal) ? JsonValue.Create(12) : JsonValue.Create("not-a-" + (type.Length == 0 ? "value" : type));
                huge[name] = type.Contains("integer", StringComparison.Ordinal) || type.Contains("number", StringComparison.Ordinal)
                    ? JsonValue.Create(1e308) : JsonValue.Create(new string('x', 100_000));
            }
            var wrongText = wrong.ToJsonString();
            var hugeText = huge.ToJsonString();
            yield return ("wrong field types", () => Json(wrongText));
            yield return ("huge field values", () => Json(hugeText));
        }
    }

    private static JsonNode? RequestSchema(JsonNode? operation, JsonNode? schemas) =>
        Resolve(operation?["requestBody"]?["content"]?["application/json"]?["schema"], schemas);

    private static JsonNode? Resolve(JsonNode? schema, JsonNode? schemas)
    {
        for (var i = 0; i < 5 && schema?["$ref"]?.ToString() is { } reference; i++)
        {
            schema = schemas?[reference.Split('/')[^1]];
        }
        return schema;
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)expected, problem.RootElement.GetProperty("status").GetInt32());
    }
}
