namespace Originality.Domain;

/// <summary>Marker for the Originality.Domain assembly.</summary>
public static class AssemblyMarker;
