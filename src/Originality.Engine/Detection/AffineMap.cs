using System.Globalization;

namespace Originality.Engine.Detection;

/// <summary>
/// An affine map x' = A·x + t from one picture's coordinates to another's:
/// (x', y') = (M11 x + M12 y + Dx, M21 x + M22 y + Dy).
/// </summary>
public readonly record struct AffineMap(double M11, double M12, double Dx, double M21, double M22, double Dy)
{
    /// <summary>Maps a point.</summary>
    public (double X, double Y) Apply(double x, double y) => ((M11 * x) + (M12 * y) + Dx, (M21 * x) + (M22 * y) + Dy);

    /// <summary>Determinant of the linear part; negative when the map mirrors.</summary>
    public double Determinant => (M11 * M22) - (M12 * M21);

    /// <summary>Mean scale (square root of the absolute determinant).</summary>
    public double Scale => Math.Sqrt(Math.Abs(Determinant));

    /// <summary>Whether the map mirrors.</summary>
    public bool Mirrors => Determinant < 0;

    /// <summary>Rotation in degrees (counter-clockwise in picture coordinates, y down), of the unmirrored part.</summary>
    public double RotationDegrees
    {
        get
        {
            var (a, c) = Mirrors ? (-M11, -M21) : (M11, M21);
            return Math.Atan2(c, a) * 180 / Math.PI;
        }
    }

    /// <summary>Ratio of the larger to the smaller singular value of the linear part (1 for a similarity).</summary>
    public double Anisotropy
    {
        get
        {
            // Singular values of a 2×2 matrix from its Frobenius norm and determinant.
            var f = (M11 * M11) + (M12 * M12) + (M21 * M21) + (M22 * M22);
            var d = Math.Abs(Determinant);
            var root = Math.Sqrt(Math.Max(0, (f * f) - (4 * d * d)));
            var s1 = Math.Sqrt((f + root) / 2);
            var s2 = Math.Sqrt(Math.Max(1e-12, (f - root) / 2));
            return s1 / s2;
        }
    }

    /// <summary>The inverse map.</summary>
    public AffineMap Inverse()
    {
        var det = Determinant;
        var i11 = M22 / det;
        var i12 = -M12 / det;
        var i21 = -M21 / det;
        var i22 = M11 / det;
        return new AffineMap(i11, i12, -((i11 * Dx) + (i12 * Dy)), i21, i22, -((i21 * Dx) + (i22 * Dy)));
    }

    /// <summary>This map expressed between frames scaled by the given factors: x' = b ∘ this ∘ a⁻¹ for diagonal scalings.</summary>
    public AffineMap Rescaled(double fromX, double fromY, double toX, double toY) =>
        new(M11 * toX / fromX, M12 * toX / fromY, Dx * toX, M21 * toY / fromX, M22 * toY / fromY, Dy * toY);

    /// <summary>The map as OpenCV's 2×3 matrix of doubles (dispose it).</summary>
    internal OpenCvSharp.Mat ToMat()
    {
        var mat = new OpenCvSharp.Mat(2, 3, OpenCvSharp.MatType.CV_64FC1);
        mat.Set(0, 0, M11);
        mat.Set(0, 1, M12);
        mat.Set(0, 2, Dx);
        mat.Set(1, 0, M21);
        mat.Set(1, 1, M22);
        mat.Set(1, 2, Dy);
        return mat;
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"[{M11:0.####} {M12:0.####} {Dx:0.####}; {M21:0.####} {M22:0.####} {Dy:0.####}]");
}
