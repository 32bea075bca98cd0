using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Originality.Engine.Hashing;
using Originality.Engine.Imaging;

namespace Originality.Engine.Pdq;

/// <summary>
/// Meta's PDQ perceptual hash, implemented from its published description (ThreatExchange
/// <c>pdq/README.md</c> and <c>hashing.pdf</c>; constants in <c>../shared/conformance/pdq/README.md</c>).
/// </summary>
/// <remarks>
/// Float32 throughout and the same order of additions as the reference, so equal pixels give an
/// equal hash bit for bit. Work that cannot change a sampled value is skipped: the last column
/// pass of the blur runs only on the 64 columns that decimation reads. Thread-safe; scratch
/// buffers come from the shared array pool.
/// </remarks>
public static class PdqHasher
{
    private const int MinHashableSide = 5;
    private const int Decimated = 64;
    private const int DctSize = 16;

    // 16 x 64 row-major: D[i][j] = sqrt(2/64) cos(pi/128 (i+1)(2j+1)), computed in double like the reference, stored as float.
    private static readonly float[] DctMatrix = BuildDctMatrix();

    // 64 x 16 row-major: Dᵀ, so the second product also runs along contiguous rows.
    private static readonly float[] DctMatrixTransposed = Transpose(DctMatrix, DctSize, Decimated);

    /// <summary>The canonical hash of the whole picture at the resolution given.</summary>
    public static PdqHash Hash(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var count = image.Width * image.Height;
        var luma = ArrayPool<float>.Shared.Rent(count);
        try
        {
            FillLuma(image.Pixels, luma.AsSpan(0, count));
            return HashLuma(luma.AsSpan(0, count), image.Width, image.Height);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(luma);
        }
    }

    /// <summary>The eight dihedral variants, each hashed from the transformed luma plane.</summary>
    /// <remarks>
    /// Transforming luma is the same as transforming RGB and then taking luma (it is per pixel).
    /// Variants derived in the DCT domain are cheaper but differ by up to 92 bits on noisy
    /// pictures (conformance README), so pixels it is.
    /// </remarks>
    public static DihedralHashes HashDihedral(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var count = image.Width * image.Height;
        var luma = ArrayPool<float>.Shared.Rent(count);
        var turned = ArrayPool<float>.Shared.Rent(count);
        try
        {
            var plane = luma.AsSpan(0, count);
            FillLuma(image.Pixels, plane);
            var hashes = new PdqHash[8];
            foreach (var variant in ImageTransforms.AllVariants)
            {
                if (variant == DihedralVariant.Original)
                {
                    hashes[0] = HashLuma(plane, image.Width, image.Height);
                    continue;
                }
                var target = turned.AsSpan(0, count);
                ImageTransforms.Transform<float>(plane, image.Width, image.Height, 1, target, variant);
                var (w, h) = ImageTransforms.SwapsSides(variant) ? (image.Height, image.Width) : (image.Width, image.Height);
                hashes[(int)variant] = HashLuma(target, w, h);
            }
            return new DihedralHashes(hashes);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(turned);
            ArrayPool<float>.Shared.Return(luma);
        }
    }

    /// <summary>
    /// The eight dihedral variants of a luma plane, blurring once per direction that matters
    /// instead of once per variant: the original exactly as <see cref="HashLuma"/>, the others by
    /// sampling a blurred plane where each transformed picture's samples fall.
    /// </summary>
    /// <remarks>
    /// Box filters commute with quarter turns and mirrorings, except that an even window is one
    /// pixel longer on one side; so the plane is blurred again reversed along an axis only when that
    /// axis has an even window and a variant reverses it (one to four blurs, against eight for
    /// <see cref="HashDihedral"/>). What remains is float rounding from the passes' order under a
    /// transposition, a bit or two at most on natural pictures; <see cref="HashDihedral"/> stays the
    /// pixel-exact reference.
    /// </remarks>
    public static DihedralHashes HashDihedralProbes(ReadOnlySpan<float> luma, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan((long)luma.Length, (long)width * height, nameof(luma));
        var hashes = new PdqHash[8];
        hashes[0] = HashLuma(luma, width, height);
        if (width < MinHashableSide || height < MinHashableSide)
        {
            Array.Fill(hashes, hashes[0]);
            return new DihedralHashes(hashes);
        }
        var count = width * height;
        var rowWindow = WindowSize(width);
        var colWindow = WindowSize(height);
        var blurred = new float[4][];
        var scratch = ArrayPool<float>.Shared.Rent(count);
        var reversed = ArrayPool<float>.Shared.Rent(count);
        try
        {
            Span<float> decimated = stackalloc float[Decimated * Decimated];
            Span<float> dct = stackalloc float[DctSize * DctSize];
            for (var v = 1; v < 8; v++)
            {
                var (ax, bx, _, ay, by, _) = ImageTransforms.SourceMap((DihedralVariant)v, width, height);
                var reverseX = ax + bx < 0 && rowWindow % 2 == 0;
                var reverseY = ay + by < 0 && colWindow % 2 == 0;
                var key = (reverseX ? 1 : 0) + (reverseY ? 2 : 0);
                if (blurred[key] is null)
                {
                    var source = luma[..count];
                    if (key != 0)
                    {
                        Reverse(source, reversed.AsSpan(0, count), width, height, reverseX, reverseY);
                        source = reversed.AsSpan(0, count);
                    }
                    var plane = new float[count];
                    BoxRows(source, plane, width, height, rowWindow);
                    BoxColumns(plane, scratch.AsSpan(0, count), width, height, colWindow);
                    BoxRows(scratch.AsSpan(0, count), plane, width, height, rowWindow);
                    BoxColumns(plane, scratch.AsSpan(0, count), width, height, colWindow);
                    scratch.AsSpan(0, count).CopyTo(plane);
                    blurred[key] = plane;
                }
                SampleTransformed(blurred[key], width, height, (DihedralVariant)v, reverseX, reverseY, decimated);
                var quality = Quality(decimated);
                Dct64To16(decimated, dct);
                hashes[v] = new PdqHash(Binarize(dct), quality);
            }
            return new DihedralHashes(hashes);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(reversed);
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static void Reverse(ReadOnlySpan<float> source, Span<float> target, int width, int height, bool reverseX, bool reverseY)
    {
        for (var y = 0; y < height; y++)
        {
            var from = source.Slice((reverseY ? height - 1 - y : y) * width, width);
            var to = target.Slice(y * width, width);
            from.CopyTo(to);
            if (reverseX)
            {
                to.Reverse();
            }
        }
    }

    // The 64 × 64 samples the transformed picture would take (in[floor((i + 0.5) · rows / 64)][…] of
    // the transformed frame), read from a blurred plane of the untransformed picture, itself
    // reversed along the axes given.
    private static void SampleTransformed(ReadOnlySpan<float> blurred, int width, int height, DihedralVariant variant, bool reverseX, bool reverseY, Span<float> decimated)
    {
        var (outWidth, outHeight) = ImageTransforms.SwapsSides(variant) ? (height, width) : (width, height);
        for (var i = 0; i < Decimated; i++)
        {
            var yo = (int)((i + 0.5) * outHeight / Decimated);
            for (var j = 0; j < Decimated; j++)
            {
                var xo = (int)((j + 0.5) * outWidth / Decimated);
                var (x, y) = ImageTransforms.SourceOf(variant, xo, yo, width, height);
                x = reverseX ? width - 1 - x : x;
                y = reverseY ? height - 1 - y : y;
                decimated[(i * Decimated) + j] = blurred[(y * width) + x];
            }
        }
    }

    /// <summary>Hashes a row-major luma plane (values 0..255).</summary>
    public static PdqHash HashLuma(ReadOnlySpan<float> luma, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfLessThan((long)luma.Length, (long)width * height, nameof(luma));
        if (width < MinHashableSide || height < MinHashableSide)
        {
            return new PdqHash(Hash256.Zero, 0);
        }

        var count = width * height;
        var a = ArrayPool<float>.Shared.Rent(count);
        var b = ArrayPool<float>.Shared.Rent(count);
        try
        {
            Span<float> decimated = stackalloc float[Decimated * Decimated];
            BlurAndDecimate(luma[..count], a.AsSpan(0, count), b.AsSpan(0, count), width, height, decimated);
            var quality = Quality(decimated);
            Span<float> dct = stackalloc float[DctSize * DctSize];
            Dct64To16(decimated, dct);
            return new PdqHash(Binarize(dct), quality);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(b);
            ArrayPool<float>.Shared.Return(a);
        }
    }

    /// <summary>Y = 0.299 R + 0.587 G + 0.114 B in float32, summed left to right as the reference does.</summary>
    public static void FillLuma(ReadOnlySpan<byte> rgb, Span<float> luma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan((long)rgb.Length, 3L * luma.Length, nameof(rgb));
        ref var src = ref MemoryMarshal.GetReference(rgb);
        ref var dst = ref MemoryMarshal.GetReference(luma);
        for (var i = 0; i < luma.Length; i++)
        {
            var s = 3 * i;
            Unsafe.Add(ref dst, i) = (0.299f * Unsafe.Add(ref src, s)) + (0.587f * Unsafe.Add(ref src, s + 1)) + (0.114f * Unsafe.Add(ref src, s + 2));
        }
    }

    /// <summary>Box window per pass: ceil(side / 128), i.e. (side + 127) / 128 (Jarosz filter for 64 outputs).</summary>
    internal static int WindowSize(int side) => (side + (2 * Decimated) - 1) / (2 * Decimated);

    /// <summary>
    /// Two rounds of (box along rows, box along columns) — a Jarosz tent approximation — then
    /// samples in[floor((i + 0.5) rows / 64)][floor((j + 0.5) cols / 64)].
    /// </summary>
    private static void BlurAndDecimate(ReadOnlySpan<float> luma, Span<float> a, Span<float> b, int width, int height, Span<float> decimated)
    {
        var rowWindow = WindowSize(width);
        var colWindow = WindowSize(height);

        BoxRows(luma, a, width, height, rowWindow);
        BoxColumns(a, b, width, height, colWindow);
        BoxRows(b, a, width, height, rowWindow);

        Span<int> sampleRows = stackalloc int[Decimated];
        Span<int> sampleCols = stackalloc int[Decimated];
        for (var i = 0; i < Decimated; i++)
        {
            sampleRows[i] = (int)((i + 0.5) * height / Decimated);
            sampleCols[i] = (int)((i + 0.5) * width / Decimated);
        }
        BoxSampledColumns(a, width, height, colWindow, sampleRows, sampleCols, decimated);
    }

    /// <summary>
    /// One-dimensional box filter over every row. The window shrinks at the edges (mean of the
    /// samples in range); the running sum adds the entering sample before dropping the leaving one,
    /// exactly as the reference, because float addition order decides the last bits.
    /// </summary>
    /// <remarks>
    /// A running sum is one long chain of dependent additions, so rows are filtered four at a time:
    /// four independent chains keep the adder busy. Each row's own arithmetic is unchanged.
    /// </remarks>
    private static void BoxRows(ReadOnlySpan<float> input, Span<float> output, int width, int height, int window)
    {
        var row = 0;
        for (; row + 4 <= height; row += 4)
        {
            BoxFourRows(input.Slice(row * width, 4 * width), output.Slice(row * width, 4 * width), width, window);
        }
        for (; row < height; row++)
        {
            BoxOneRow(input.Slice(row * width, width), output.Slice(row * width, width), width, window);
        }
    }

    private static void BoxOneRow(ReadOnlySpan<float> input, Span<float> output, int width, int window)
    {
        var half = (window + 2) / 2;
        ref var src = ref MemoryMarshal.GetReference(input);
        ref var dst = ref MemoryMarshal.GetReference(output);
        var sum = 0f;
        var n = 0;
        int li = 0, ri = 0, oi = 0;
        for (var k = 0; k < half - 1; k++, ri++)
        {
            sum += Unsafe.Add(ref src, ri);
            n++;
        }
        for (var k = 0; k < window - half + 1; k++, ri++, oi++)
        {
            sum += Unsafe.Add(ref src, ri);
            n++;
            Unsafe.Add(ref dst, oi) = sum / n;
        }
        float fn = n;
        for (var k = 0; k < width - window; k++, ri++, li++, oi++)
        {
            sum += Unsafe.Add(ref src, ri);
            sum -= Unsafe.Add(ref src, li);
            Unsafe.Add(ref dst, oi) = sum / fn;
        }
        for (var k = 0; k < half - 1; k++, li++, oi++)
        {
            sum -= Unsafe.Add(ref src, li);
            n--;
            Unsafe.Add(ref dst, oi) = sum / n;
        }
    }

    private static void BoxFourRows(ReadOnlySpan<float> input, Span<float> output, int width, int window)
    {
        var half = (window + 2) / 2;
        ref var s0 = ref MemoryMarshal.GetReference(input);
        ref var s1 = ref Unsafe.Add(ref s0, width);
        ref var s2 = ref Unsafe.Add(ref s1, width);
        ref var s3 = ref Unsafe.Add(ref s2, width);
        ref var d0 = ref MemoryMarshal.GetReference(output);
        ref var d1 = ref Unsafe.Add(ref d0, width);
        ref var d2 = ref Unsafe.Add(ref d1, width);
        ref var d3 = ref Unsafe.Add(ref d2, width);
        float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
        var n = 0;
        int li = 0, ri = 0, oi = 0;
        for (var k = 0; k < half - 1; k++, ri++)
        {
            a0 += Unsafe.Add(ref s0, ri);
            a1 += Unsafe.Add(ref s1, ri);
            a2 += Unsafe.Add(ref s2, ri);
            a3 += Unsafe.Add(ref s3, ri);
            n++;
        }
        for (var k = 0; k < window - half + 1; k++, ri++, oi++)
        {
            a0 += Unsafe.Add(ref s0, ri);
            a1 += Unsafe.Add(ref s1, ri);
            a2 += Unsafe.Add(ref s2, ri);
            a3 += Unsafe.Add(ref s3, ri);
            n++;
            float fk = n;
            Unsafe.Add(ref d0, oi) = a0 / fk;
            Unsafe.Add(ref d1, oi) = a1 / fk;
            Unsafe.Add(ref d2, oi) = a2 / fk;
            Unsafe.Add(ref d3, oi) = a3 / fk;
        }
        float fn = n;
        for (var k = 0; k < width - window; k++, ri++, li++, oi++)
        {
            a0 += Unsafe.Add(ref s0, ri);
            a1 += Unsafe.Add(ref s1, ri);
            a2 += Unsafe.Add(ref s2, ri);
            a3 += Unsafe.Add(ref s3, ri);
            a0 -= Unsafe.Add(ref s0, li);
            a1 -= Unsafe.Add(ref s1, li);
            a2 -= Unsafe.Add(ref s2, li);
            a3 -= Unsafe.Add(ref s3, li);
            Unsafe.Add(ref d0, oi) = a0 / fn;
            Unsafe.Add(ref d1, oi) = a1 / fn;
            Unsafe.Add(ref d2, oi) = a2 / fn;
            Unsafe.Add(ref d3, oi) = a3 / fn;
        }
        for (var k = 0; k < half - 1; k++, li++, oi++)
        {
            a0 -= Unsafe.Add(ref s0, li);
            a1 -= Unsafe.Add(ref s1, li);
            a2 -= Unsafe.Add(ref s2, li);
            a3 -= Unsafe.Add(ref s3, li);
            n--;
            float fk = n;
            Unsafe.Add(ref d0, oi) = a0 / fk;
            Unsafe.Add(ref d1, oi) = a1 / fk;
            Unsafe.Add(ref d2, oi) = a2 / fk;
            Unsafe.Add(ref d3, oi) = a3 / fk;
        }
    }

    /// <summary>
    /// The same box filter down every column, run for all columns at once a row at a time
    /// (SIMD across columns, sequential down each column, so each column's sums are unchanged).
    /// </summary>
    private static void BoxColumns(ReadOnlySpan<float> input, Span<float> output, int width, int height, int window)
    {
        var half = (window + 2) / 2;
        var phase1 = half - 1;
        var phase2 = window - half + 1;
        var phase3 = height - window;
        var phase4 = half - 1;
        var sumArray = ArrayPool<float>.Shared.Rent(width);
        try
        {
            var sum = sumArray.AsSpan(0, width);
            sum.Clear();
            int li = 0, ri = 0, oi = 0, n = 0;
            for (var k = 0; k < phase1; k++, ri++)
            {
                AddRow(sum, input.Slice(ri * width, width));
                n++;
            }
            for (var k = 0; k < phase2; k++, ri++, oi++)
            {
                AddRow(sum, input.Slice(ri * width, width));
                n++;
                DivideRow(sum, n, output.Slice(oi * width, width));
            }
            for (var k = 0; k < phase3; k++, ri++, li++, oi++)
            {
                AddSubtractRow(sum, input.Slice(ri * width, width), input.Slice(li * width, width));
                DivideRow(sum, n, output.Slice(oi * width, width));
            }
            for (var k = 0; k < phase4; k++, li++, oi++)
            {
                SubtractRow(sum, input.Slice(li * width, width));
                n--;
                DivideRow(sum, n, output.Slice(oi * width, width));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sumArray);
        }
    }

    /// <summary>The final column pass, computed only on the sampled columns and kept only at the sampled rows.</summary>
    private static void BoxSampledColumns(ReadOnlySpan<float> input, int width, int height, int window, ReadOnlySpan<int> sampleRows, ReadOnlySpan<int> sampleCols, Span<float> decimated)
    {
        var half = (window + 2) / 2;
        var phase1 = half - 1;
        var phase2 = window - half + 1;
        var phase3 = height - window;
        var phase4 = half - 1;
        Span<float> sum = stackalloc float[Decimated];
        sum.Clear();
        var nextSample = 0;
        int li = 0, ri = 0, oi = 0, n = 0;

        static void Emit(Span<float> s, int count, int outRow, ReadOnlySpan<int> sampleRows, Span<float> target, ref int next)
        {
            while (next < Decimated && sampleRows[next] == outRow)
            {
                var line = target.Slice(next * Decimated, Decimated);
                for (var j = 0; j < Decimated; j++)
                {
                    line[j] = s[j] / count;
                }
                next++;
            }
        }

        for (var k = 0; k < phase1; k++, ri++)
        {
            Gather(sum, input.Slice(ri * width, width), sampleCols, add: true);
            n++;
        }
        for (var k = 0; k < phase2; k++, ri++, oi++)
        {
            Gather(sum, input.Slice(ri * width, width), sampleCols, add: true);
            n++;
            Emit(sum, n, oi, sampleRows, decimated, ref nextSample);
        }
        for (var k = 0; k < phase3; k++, ri++, li++, oi++)
        {
            var entering = input.Slice(ri * width, width);
            var leaving = input.Slice(li * width, width);
            for (var j = 0; j < Decimated; j++)
            {
                var c = sampleCols[j];
                var s = sum[j] + entering[c];
                sum[j] = s - leaving[c];
            }
            Emit(sum, n, oi, sampleRows, decimated, ref nextSample);
        }
        for (var k = 0; k < phase4; k++, li++, oi++)
        {
            Gather(sum, input.Slice(li * width, width), sampleCols, add: false);
            n--;
            Emit(sum, n, oi, sampleRows, decimated, ref nextSample);
        }
    }

    private static void Gather(Span<float> sum, ReadOnlySpan<float> row, ReadOnlySpan<int> cols, bool add)
    {
        for (var j = 0; j < sum.Length; j++)
        {
            sum[j] = add ? sum[j] + row[cols[j]] : sum[j] - row[cols[j]];
        }
    }

    private static void AddRow(Span<float> sum, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
            var vr = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < vs.Length; v++)
            {
                vs[v] += vr[v];
            }
            i = vs.Length * Vector<float>.Count;
        }
        for (; i < sum.Length; i++)
        {
            sum[i] += row[i];
        }
    }

    private static void SubtractRow(Span<float> sum, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
            var vr = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < vs.Length; v++)
            {
                vs[v] -= vr[v];
            }
            i = vs.Length * Vector<float>.Count;
        }
        for (; i < sum.Length; i++)
        {
            sum[i] -= row[i];
        }
    }

    private static void AddSubtractRow(Span<float> sum, ReadOnlySpan<float> entering, ReadOnlySpan<float> leaving)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
            var ve = MemoryMarshal.Cast<float, Vector<float>>(entering);
            var vl = MemoryMarshal.Cast<float, Vector<float>>(leaving);
            for (var v = 0; v < vs.Length; v++)
            {
                vs[v] = (vs[v] + ve[v]) - vl[v];
            }
            i = vs.Length * Vector<float>.Count;
        }
        for (; i < sum.Length; i++)
        {
            sum[i] = (sum[i] + entering[i]) - leaving[i];
        }
    }

    private static void DivideRow(ReadOnlySpan<float> sum, int count, Span<float> output)
    {
        float n = count;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vs = MemoryMarshal.Cast<float, Vector<float>>(sum);
            var vo = MemoryMarshal.Cast<float, Vector<float>>(output);
            var vn = new Vector<float>(n);
            for (var v = 0; v < vs.Length; v++)
            {
                vo[v] = vs[v] / vn;
            }
            i = vs.Length * Vector<float>.Count;
        }
        for (; i < sum.Length; i++)
        {
            output[i] = sum[i] / n;
        }
    }

    /// <summary>
    /// Sum of |int((u − v) · 100 / 255)| over vertical and horizontal neighbours of the 64×64
    /// buffer, divided by 90 in integers and capped at 100.
    /// </summary>
    private static int Quality(ReadOnlySpan<float> buffer)
    {
        var gradientSum = 0;
        for (var i = 0; i < Decimated - 1; i++)
        {
            gradientSum += GradientSum(buffer.Slice(i * Decimated, Decimated), buffer.Slice((i + 1) * Decimated, Decimated));
        }
        for (var i = 0; i < Decimated; i++)
        {
            var row = buffer.Slice(i * Decimated, Decimated);
            gradientSum += GradientSum(row[..^1], row[1..]);
        }
        return Math.Min(100, gradientSum / 90);
    }

    /// <summary>Σ |int((u[j] − v[j]) · 100 / 255)|; the same float operations per element, in SIMD where possible.</summary>
    private static int GradientSum(ReadOnlySpan<float> u, ReadOnlySpan<float> v)
    {
        var sum = 0;
        var j = 0;
        if (Vector.IsHardwareAccelerated && u.Length >= Vector<float>.Count)
        {
            var hundred = new Vector<float>(100f);
            var scale = new Vector<float>(255f);
            var total = Vector<int>.Zero;
            for (; j + Vector<float>.Count <= u.Length; j += Vector<float>.Count)
            {
                var d = (new Vector<float>(u[j..]) - new Vector<float>(v[j..])) * hundred / scale;
                total += Vector.Abs(Vector.ConvertToInt32(d));
            }
            sum = Vector.Sum(total);
        }
        for (; j < u.Length; j++)
        {
            sum += Math.Abs((int)((u[j] - v[j]) * 100f / 255f));
        }
        return sum;
    }

    /// <summary>B = D · A · Dᵀ with float sums in index order (16×16 from 64×64, DC row of D omitted).</summary>
    /// <remarks>
    /// Each output is the reference's sum over k = 0..63 in ascending order, with the product
    /// rounded before it is added (no fused multiply-add); SIMD runs across outputs, never across k.
    /// </remarks>
    private static void Dct64To16(ReadOnlySpan<float> a, Span<float> output)
    {
        Span<float> t = stackalloc float[DctSize * Decimated];
        var d = DctMatrix;
        var dt = DctMatrixTransposed;
        // T = D · A: row i of T accumulates D[i][k] × row k of A.
        for (var i = 0; i < DctSize; i++)
        {
            var acc = t.Slice(i * Decimated, Decimated);
            acc.Clear();
            for (var k = 0; k < Decimated; k++)
            {
                MultiplyAdd(acc, d[(i * Decimated) + k], a.Slice(k * Decimated, Decimated));
            }
        }
        // B = T · Dᵀ: row i of B accumulates T[i][k] × row k of Dᵀ.
        for (var i = 0; i < DctSize; i++)
        {
            var acc = output.Slice(i * DctSize, DctSize);
            acc.Clear();
            for (var k = 0; k < Decimated; k++)
            {
                MultiplyAdd(acc, t[(i * Decimated) + k], dt.AsSpan(k * DctSize, DctSize));
            }
        }
    }

    /// <summary>acc[j] = acc[j] + (factor × row[j]), the product rounded to float first.</summary>
    private static void MultiplyAdd(Span<float> acc, float factor, ReadOnlySpan<float> row)
    {
        var j = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(acc);
            var vr = MemoryMarshal.Cast<float, Vector<float>>(row);
            var vf = new Vector<float>(factor);
            for (var v = 0; v < va.Length; v++)
            {
                var product = vf * vr[v];
                va[v] += product;
            }
            j = va.Length * Vector<float>.Count;
        }
        for (; j < acc.Length; j++)
        {
            var product = factor * row[j];
            acc[j] += product;
        }
    }

    /// <summary>Bit k = coefficient (k / 16, k % 16) &gt; the lower median (128th smallest) of the 256.</summary>
    private static Hash256 Binarize(ReadOnlySpan<float> dct)
    {
        Span<float> sorted = stackalloc float[DctSize * DctSize];
        dct.CopyTo(sorted);
        sorted.Sort();
        var median = sorted[((DctSize * DctSize) / 2) - 1];
        Span<ulong> words = stackalloc ulong[4];
        for (var k = 0; k < DctSize * DctSize; k++)
        {
            if (dct[k] > median)
            {
                words[k >> 6] |= 1UL << (k & 63);
            }
        }
        return new Hash256(words[0], words[1], words[2], words[3]);
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = m[(i * cols) + j];
            }
        }
        return t;
    }

    private static float[] BuildDctMatrix()
    {
        var d = new float[DctSize * Decimated];
        var scale = Math.Sqrt(2.0 / Decimated);
        for (var i = 0; i < DctSize; i++)
        {
            for (var j = 0; j < Decimated; j++)
            {
                d[(i * Decimated) + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / Decimated * (i + 1) * ((2 * j) + 1)));
            }
        }
        return d;
    }
}
