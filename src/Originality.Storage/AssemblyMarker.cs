namespace Originality.Storage;

/// <summary>Marker for the Originality.Storage assembly.</summary>
public static class AssemblyMarker;
