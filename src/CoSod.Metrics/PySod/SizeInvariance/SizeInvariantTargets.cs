namespace CoSod.Metrics.PySod.SizeInvariance;

/// <summary>Whether PySODMetrics 1.6.2 computes its size-invariant metrics on a ground truth, and if not, why.</summary>
public enum SizeInvariantStatus
{
    /// <summary>Computed.</summary>
    Defined,

    /// <summary>Every pixel belongs to a target: <c>encode_bboxwise_tgts_bitwise</c> raises AssertionError.</summary>
    NoBackground,

    /// <summary>64 targets or more: the bit-field encoding raises (TypeError at 64, UFuncTypeError above).</summary>
    TooManyTargets,
}

/// <summary>
/// The targets of the size-invariant metrics (PySODMetrics <c>parse_connected_components</c> and
/// <c>encode_bboxwise_tgts_bitwise</c>): the 4-connected components of the mask with at least 50 pixels, in label
/// order; when there are components but none that large, every component of the largest area. Each target is scored
/// inside its bounding box. Built once per ground truth and shared by every method; immutable.
/// </summary>
/// <remarks>
/// PySODMetrics marks target k's box by adding 2^(k-1) to a float64 image and reads it back through an int64 cast.
/// Up to 53 targets the sums are exact and a target is its box; from 54 on, overlapping boxes lose or gain low bits,
/// and the masks it then uses are reproduced from the same float64 sums (<see cref="TargetMask"/>).
/// </remarks>
public sealed class SizeInvariantTargets
{
    /// <summary>The smallest component that is a target on its own (<c>area_threshold</c>).</summary>
    public const int AreaThreshold = 50;

    /// <summary>The most targets PySODMetrics can encode (a 64th bit fails).</summary>
    public const int MaxTargets = 63;

    /// <summary>Up to this many targets every bit-field sum is exact (float64 has a 53-bit significand).</summary>
    public const int ExactTargets = 53;

    private readonly Component[] _targets;
    private readonly long[]? _bitFields;
    private readonly byte[]? _outside;

    private SizeInvariantTargets(
        SizeInvariantStatus status, int width, int height, Component[] targets, long[]? bitFields, byte[]? outside, int outsideCount)
    {
        Status = status;
        Width = width;
        Height = height;
        _targets = targets;
        _bitFields = bitFields;
        _outside = outside;
        OutsideCount = outsideCount;
    }

    public SizeInvariantStatus Status { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>T: the number of targets (0 for an empty ground truth, which is scored as one whole-image target).</summary>
    public int Count => _targets.Length;

    /// <summary>The targets' components in label order (area and bounding box).</summary>
    public IReadOnlyList<Component> Targets => _targets;

    /// <summary>Pixels outside every target's box (the SI-MAE background); valid when defined.</summary>
    public int OutsideCount { get; }

    /// <summary>1 where a pixel lies outside every target's box.</summary>
    public ReadOnlySpan<byte> Outside => _outside;

    /// <summary>The pixels target <paramref name="k"/> (0-based) is scored on.</summary>
    public TargetMask Mask(int k) => _bitFields is null
        ? new TargetMask(Width, _targets[k].Top, _targets[k].Left, _targets[k].Bottom, _targets[k].Right, k, null)
        : new TargetMask(Width, 0, 0, Height - 1, Width - 1, k, _bitFields);

    /// <summary>The whole image as one target (an empty ground truth).</summary>
    public TargetMask WholeImage => new(Width, 0, 0, Height - 1, Width - 1, 0, null);

    public static SizeInvariantTargets Of(ReadOnlySpan<byte> mask, int width, int height)
    {
        var components = ConnectedComponents.Of(mask, width, height);
        var targets = Select(components);
        var covered = 0;
        foreach (var target in targets)
        {
            covered += target.Area;
        }

        if (targets.Length > 0 && covered == mask.Length)
        {
            // No pixel is left for "label 0": the reference asserts that every label has pixels.
            return new SizeInvariantTargets(SizeInvariantStatus.NoBackground, width, height, targets, null, null, 0);
        }

        if (targets.Length > MaxTargets)
        {
            return new SizeInvariantTargets(SizeInvariantStatus.TooManyTargets, width, height, targets, null, null, 0);
        }

        var outside = new byte[mask.Length];
        Array.Fill(outside, (byte)1);
        foreach (var t in targets)
        {
            for (var y = t.Top; y <= t.Bottom; y++)
            {
                outside.AsSpan((y * width) + t.Left, t.Right - t.Left + 1).Clear();
            }
        }

        var outsideCount = outside.Length - outside.AsSpan().Count((byte)0);
        var bitFields = targets.Length > ExactTargets ? BitFields(targets, width, height) : null;
        return new SizeInvariantTargets(SizeInvariantStatus.Defined, width, height, targets, bitFields, outside, outsideCount);
    }

    /// <summary>Targets: components of at least 50 pixels; if none, all components of the largest area.</summary>
    private static Component[] Select(IReadOnlyList<Component> components)
    {
        var large = components.Where(c => c.Area >= AreaThreshold).ToArray();
        if (large.Length > 0 || components.Count == 0)
        {
            return large;
        }

        var largest = components.Max(c => c.Area);
        return components.Where(c => c.Area == largest).ToArray();
    }

    /// <summary>
    /// The reference's encoding: 2^(k-1) added over target k's box in label order to a float64 image, read back with
    /// numpy's <c>astype(int)</c> (the x86 cast: 2^63 and above become int64's minimum).
    /// </summary>
    private static long[] BitFields(Component[] targets, int width, int height)
    {
        var weights = new double[width * height];
        for (var k = 0; k < targets.Length; k++)
        {
            var weight = Math.ScaleB(1.0, k);
            var t = targets[k];
            for (var y = t.Top; y <= t.Bottom; y++)
            {
                var row = weights.AsSpan((y * width) + t.Left, t.Right - t.Left + 1);
                for (var x = 0; x < row.Length; x++)
                {
                    row[x] += weight;
                }
            }
        }

        const double TwoTo63 = 9223372036854775808.0;
        var fields = new long[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            fields[i] = weights[i] >= TwoTo63 ? long.MinValue : (long)weights[i];
        }

        return fields;
    }
}

/// <summary>
/// The pixels one size-invariant target is scored on: its bounding box, or, past 53 targets, the pixels whose decoded
/// bit field has the target's bit (scanned over the whole image).
/// </summary>
public readonly struct TargetMask
{
    private readonly long[]? _bitFields;

    internal TargetMask(int width, int top, int left, int bottom, int right, int bit, long[]? bitFields)
    {
        Width = width;
        Top = top;
        Left = left;
        Bottom = bottom;
        Right = right;
        Bit = bit;
        _bitFields = bitFields;
    }

    public int Width { get; }

    /// <summary>The rows and columns to scan (inclusive): the target's box, or the whole image for bit fields.</summary>
    public int Top { get; }

    public int Left { get; }

    public int Bottom { get; }

    public int Right { get; }

    public int Bit { get; }

    /// <summary>Flat indices [start, end) outside which the mask holds no pixel.</summary>
    public (int Start, int End) Span => ((Top * Width) + Left, (Bottom * Width) + Right + 1);

    /// <summary>The number of pixels of the mask (<c>count_nonzero(tgt_mask)</c>).</summary>
    public long Area()
    {
        if (_bitFields is null)
        {
            return (long)(Bottom - Top + 1) * (Right - Left + 1);
        }

        long area = 0;
        for (var i = 0; i < _bitFields.Length; i++)
        {
            area += (_bitFields[i] >> Bit) & 1;
        }

        return area;
    }

    /// <summary>Whether pixel (y, x), flat index <paramref name="index"/>, belongs to the target.</summary>
    public bool Contains(int y, int x, int index) =>
        y >= Top && y <= Bottom && x >= Left && x <= Right && (_bitFields is null || ((_bitFields[index] >> Bit) & 1) != 0);
}
