namespace Originality.Engine.Imaging;

/// <summary>Stable codes for refused images; they appear in the CLI, the API and the evidence log.</summary>
public static class ImageRejectionCodes
{
    /// <summary>The content is neither JPEG nor PNG.</summary>
    public const string UnsupportedFormat = "unsupported-format";

    /// <summary>The file name's extension names another format than the content.</summary>
    public const string ExtensionMismatch = "extension-mismatch";

    /// <summary>More bytes than the limit (10 MB).</summary>
    public const string FileTooLarge = "file-too-large";

    /// <summary>Declared width × height above the pixel cap.</summary>
    public const string TooManyPixels = "too-many-pixels";

    /// <summary>The header or the pixel data cannot be decoded.</summary>
    public const string CorruptImage = "corrupt-image";

    /// <summary>The metadata (EXIF) reader failed on the file in a way it does not report as malformed metadata.</summary>
    public const string UnreadableMetadata = "unreadable-metadata";

    /// <summary>The shorter side is below the filing minimum (F-3).</summary>
    public const string TooSmall = "too-small";
}

/// <summary>A picture the intake refuses, with a stable <see cref="Code"/> and a <see cref="Reason"/> a seller understands.</summary>
/// <remarks>The family is closed: every concrete kind is one of the sealed subclasses in this file.</remarks>
public abstract class ImageRejectedException : Exception
{
    private protected ImageRejectedException(string code, string reason, Exception? inner = null)
        : base($"{code}: {reason}", inner)
    {
        Code = code;
        Reason = reason;
    }

    /// <summary>One of <see cref="ImageRejectionCodes"/>.</summary>
    public string Code { get; }

    /// <summary>One sentence for the seller.</summary>
    public string Reason { get; }
}

/// <summary>The content is not JPEG or PNG, or the extension disagrees with the content.</summary>
public sealed class UnsupportedImageFormatException : ImageRejectedException
{
    internal UnsupportedImageFormatException(string code, string reason)
        : base(code, reason)
    {
    }
}

/// <summary>The file or its declared pixel count is over the limit; nothing was decoded.</summary>
public sealed class ImageTooLargeException : ImageRejectedException
{
    internal ImageTooLargeException(string code, string reason)
        : base(code, reason)
    {
    }
}

/// <summary>The file claims to be JPEG or PNG but cannot be decoded, or its metadata cannot be read (<see cref="ImageRejectionCodes.UnreadableMetadata"/>).</summary>
public sealed class CorruptImageException : ImageRejectedException
{
    internal CorruptImageException(string reason, Exception? inner = null, string code = ImageRejectionCodes.CorruptImage)
        : base(code, reason, inner)
    {
    }
}
