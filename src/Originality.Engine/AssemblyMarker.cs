namespace Originality.Engine;

/// <summary>Marker for the Originality.Engine assembly.</summary>
public static class AssemblyMarker;
