using Originality.Domain;
using Originality.Server.Application;
using Originality.Server.Security;
using Originality.Storage;
using SkiaSharp;

namespace Originality.Server.Demo;

/// <summary>
/// Seeds a demo marketplace so a newcomer sees every page with content: a seller with filed
/// pictures, a copier whose listings reuse them, a complaint awaiting acceptance and one
/// established (its appeal window counting down), and a reviewer. Keys are documented in
/// docs/api.md; seeding twice does nothing.
/// </summary>
public static class DemoSeeder
{
    public const string AliceKey = "demo-alice-key";
    public const string MalloryKey = "demo-mallory-key";
    public const string ReviewerKey = "demo-reviewer-key";

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<OriginalityStore>();
        var credentials = services.GetRequiredService<CredentialStore>();
        if (await store.InSessionAsync(s => s.Members.FindByNicknameAsync(Nickname.Parse("alice-studio"), cancellationToken), cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }
        var directory = services.GetRequiredService<MemberDirectory>();
        var operatorActor = Actor.Operator("demo");
        var (alice, _, _) = await directory.RegisterAsync(new MemberDirectory.Registration("alice-studio", "AE-1000001", 4, ["apparel", "beauty"], null), operatorActor, cancellationToken).ConfigureAwait(false);
        var (mallory, _, _) = await directory.RegisterAsync(new MemberDirectory.Registration("mallory-mart", "AE-1000002", 2, ["apparel"], null), operatorActor, cancellationToken).ConfigureAwait(false);
        await credentials.RegisterKnownKeyAsync(new Principal(Roles.Member, alice!.Id.ToString(), "alice-studio"), AliceKey, cancellationToken).ConfigureAwait(false);
        await credentials.RegisterKnownKeyAsync(new Principal(Roles.Member, mallory!.Id.ToString(), "mallory-mart"), MalloryKey, cancellationToken).ConfigureAwait(false);
        await credentials.RegisterKnownKeyAsync(new Principal(Roles.Reviewer, "rv_demo", "Rita (reviewer)"), ReviewerKey, cancellationToken).ConfigureAwait(false);

        var folder = Domain.Filings.Folder.Create(FolderId.New(), alice, "Spring 2026 shoot", [], Domain.Members.TrialEligibility.Open,
            store.Clock.GetCurrentInstant()).GetValueOrThrow();
        await store.InSessionAsync(s => s.Folders.SaveAsync(folder, cancellationToken), cancellationToken).ConfigureAwait(false);
        var pictures = Enumerable.Range(1, 3).Select(i => Picture(i)).ToArray();
        var filed = await services.GetRequiredService<FilingService>().FileAsync(alice.Id, folder.Id,
            [.. pictures.Select((p, i) => new UploadedFile($"dress-{i + 1}.png", p))], cancellationToken).ConfigureAwait(false);

        var scanner = services.GetRequiredService<ListingScanner>();
        await scanner.SubmitAsync(new ListingSubmission("L-10001", mallory.Id, "apparel", [("main", new UploadedFile("main.jpg", Copy(pictures[0])))]), cancellationToken).ConfigureAwait(false);
        await scanner.SubmitAsync(new ListingSubmission("L-10002", mallory.Id, "apparel", [("main", new UploadedFile("main.jpg", Copy(pictures[1])))]), cancellationToken).ConfigureAwait(false);

        var complaints = services.GetRequiredService<ComplaintService>();
        await complaints.FileAsync(alice.Id, new ComplaintService.FileRequest([filed![0].FilingId!], ["L-10001"], "Copied from our spring shoot.", null), cancellationToken).ConfigureAwait(false);
        var second = await complaints.FileAsync(alice.Id, new ComplaintService.FileRequest([filed[1].FilingId!], ["L-10002"], "Also ours.", null), cancellationToken).ConfigureAwait(false);
        await complaints.DecideAcceptanceAsync(second.Complaint!.Id.ToString(), Actor.Reviewer("rv_demo"),
            new ComplaintService.AcceptanceRequest("establish", "The listing's main picture is the owner's certified picture.", null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A made-up product photo: gradient and shapes, different for every seed.</summary>
    private static byte[] Picture(int seed)
    {
        var random = new Random(seed * 7919);
        using var bitmap = new SKBitmap(1000, 1000);
        using (var canvas = new SKCanvas(bitmap))
        {
            using var background = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(1000, 1000),
                    [Colour(random), Colour(random)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, 1000, 1000, background);
            for (var i = 0; i < 24; i++)
            {
                using var paint = new SKPaint { Color = Colour(random), IsAntialias = true };
                canvas.DrawCircle(random.Next(1000), random.Next(1000), random.Next(40, 200), paint);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Copy(byte[] original)
    {
        using var decoded = SKBitmap.Decode(original);
        using var resized = decoded.Resize(new SKImageInfo(800, 800), new SKSamplingOptions(SKFilterMode.Linear));
        using var image = SKImage.FromBitmap(resized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private static SKColor Colour(Random random) => new((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
}
