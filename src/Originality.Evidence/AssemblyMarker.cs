namespace Originality.Evidence;

/// <summary>Marker for the Originality.Evidence assembly.</summary>
public static class AssemblyMarker;
