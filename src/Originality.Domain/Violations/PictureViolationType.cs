namespace Originality.Domain.Violations;

/// <summary>The six kinds of picture violation (V-1, [002]).</summary>
public enum PictureViolationType
{
    /// <summary>Another seller's picture used without authorization (盗图).</summary>
    StolenPicture = 1,

    /// <summary>A brand logo shown without authorization (未授权品牌Logo).</summary>
    UnauthorizedBrandLogo = 2,

    /// <summary>A watermark that is not the platform's store-id watermark (非官方水印).</summary>
    NonPlatformWatermark = 3,

    /// <summary>Phone numbers, e-mail, messenger ids or links shown in the picture.</summary>
    ContactDetailsShown = 4,

    /// <summary>Sensitive or prohibited content (违禁信息).</summary>
    SensitiveContent = 5,

    /// <summary>An AI-generated picture without the "AI Generated" label.</summary>
    UnlabelledAiPicture = 6,
}
