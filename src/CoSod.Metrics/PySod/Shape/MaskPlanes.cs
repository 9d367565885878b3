using System.Numerics;

namespace CoSod.Metrics.PySod.Shape;

/// <summary>
/// HCE's per-pixel masks packed as bits of one byte per pixel, and the element-wise steps between them and 0/1
/// working masks, vectorised: one array holds the ground truth, the prediction, the skeleton and every derived mask,
/// so a pair allocates three window-sized arrays instead of a dozen.
/// </summary>
internal static class MaskPlanes
{
    public const byte Truth = 1;
    public const byte Predicted = 2;
    public const byte SkeletonPixel = 4;
    public const byte ErodedUnion = 8;
    public const byte RelaxedPositive = 16;
    public const byte RelaxedNegative = 32;

    /// <summary>An element-wise step: from the packed bits and a 0/1 working mask to a new byte.</summary>
    public interface IStep
    {
        Vector<byte> Apply(Vector<byte> state, Vector<byte> mask);

        byte Apply(byte state, byte mask);
    }

    /// <summary><paramref name="target"/>[i] = step(state[i], mask[i]) over the whole span.</summary>
    public static void Map<TStep>(ReadOnlySpan<byte> state, ReadOnlySpan<byte> mask, Span<byte> target)
        where TStep : struct, IStep
    {
        var step = default(TStep);
        var lanes = Vector<byte>.Count;
        var i = 0;
        for (; i + lanes <= state.Length; i += lanes)
        {
            step.Apply(new Vector<byte>(state.Slice(i, lanes)), new Vector<byte>(mask.Slice(i, lanes))).CopyTo(target.Slice(i, lanes));
        }

        for (; i < state.Length; i++)
        {
            target[i] = step.Apply(state[i], mask[i]);
        }
    }

    private static Vector<byte> Has(Vector<byte> state, byte bits, byte value) =>
        Vector.Equals(state & new Vector<byte>(bits), new Vector<byte>(value));

    private static Vector<byte> Bit(Vector<byte> condition) => condition & Vector<byte>.One;

    /// <summary>The union of ground truth and prediction, as 0/1.</summary>
    public readonly struct Union : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Vector.Min(state & new Vector<byte>(Truth | Predicted), Vector<byte>.One);

        public byte Apply(byte state, byte mask) => (byte)((state & (Truth | Predicted)) != 0 ? 1 : 0);
    }

    /// <summary>The state with <see cref="ErodedUnion"/> set where the mask is set.</summary>
    public readonly struct MarkEroded : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => state | ((Vector<byte>.Zero - mask) & new Vector<byte>(ErodedUnion));

        public byte Apply(byte state, byte mask) => (byte)(state | (mask != 0 ? ErodedUnion : 0));
    }

    /// <summary>False positives inside the eroded union (where the relaxed false positives grow from).</summary>
    public readonly struct PositiveSeeds : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Bit(Has(state, Truth | Predicted | ErodedUnion, Predicted | ErodedUnion));

        public byte Apply(byte state, byte mask) => (byte)((state & (Truth | Predicted | ErodedUnion)) == (Predicted | ErodedUnion) ? 1 : 0);
    }

    /// <summary>False negatives inside the eroded union.</summary>
    public readonly struct NegativeSeeds : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Bit(Has(state, Truth | Predicted | ErodedUnion, Truth | ErodedUnion));

        public byte Apply(byte state, byte mask) => (byte)((state & (Truth | Predicted | ErodedUnion)) == (Truth | ErodedUnion) ? 1 : 0);
    }

    /// <summary>The grown mask kept off the ground truth.</summary>
    public readonly struct OffTruth : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Vector.AndNot(mask, Vector.Min(state & new Vector<byte>(Truth), Vector<byte>.One));

        public byte Apply(byte state, byte mask) => (byte)(mask & ((state & Truth) != 0 ? 0 : 1));
    }

    /// <summary>The grown mask kept off the prediction.</summary>
    public readonly struct OffPrediction : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Vector.AndNot(mask, Vector.Min(state & new Vector<byte>(Predicted), Vector<byte>.One));

        public byte Apply(byte state, byte mask) => (byte)(mask & ((state & Predicted) != 0 ? 0 : 1));
    }

    /// <summary>The state with <see cref="RelaxedPositive"/> set where the grown mask meets a false positive.</summary>
    public readonly struct MarkRelaxedPositive : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) =>
            state | ((Vector<byte>.Zero - (mask & Bit(Has(state, Truth | Predicted, Predicted)))) & new Vector<byte>(RelaxedPositive));

        public byte Apply(byte state, byte mask) =>
            (byte)(state | (mask != 0 && (state & (Truth | Predicted)) == Predicted ? RelaxedPositive : 0));
    }

    /// <summary>
    /// The state with <see cref="RelaxedNegative"/> set where the grown mask meets a false negative, or on a skeleton
    /// pixel the prediction misses (the skeleton lies in the ground truth, so missing it means not predicted).
    /// </summary>
    public readonly struct MarkRelaxedNegative : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask)
        {
            var kept = mask & Bit(Has(state, Truth | Predicted, Truth));
            var missedSkeleton = Bit(Has(state, SkeletonPixel | Predicted, SkeletonPixel));
            return state | ((Vector<byte>.Zero - (kept | missedSkeleton)) & new Vector<byte>(RelaxedNegative));
        }

        public byte Apply(byte state, byte mask)
        {
            var kept = mask != 0 && (state & (Truth | Predicted)) == Truth;
            var missedSkeleton = (state & (SkeletonPixel | Predicted)) == SkeletonPixel;
            return (byte)(state | (kept || missedSkeleton ? RelaxedNegative : 0));
        }
    }

    /// <summary>The false-positive border condition before dilation: true positives or relaxed false negatives.</summary>
    public readonly struct PositiveCondition : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) =>
            Bit(Has(state, Truth | Predicted, Truth | Predicted) | Has(state, RelaxedNegative, RelaxedNegative));

        public byte Apply(byte state, byte mask) =>
            (byte)((state & (Truth | Predicted)) == (Truth | Predicted) || (state & RelaxedNegative) != 0 ? 1 : 0);
    }

    /// <summary>The false-negative border condition before dilation: neither a true positive nor a relaxed error.</summary>
    public readonly struct NegativeCondition : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) =>
            Vector.AndNot(Vector<byte>.One, Bit(Has(state, Truth | Predicted, Truth | Predicted)
                | Vector.GreaterThan(state & new Vector<byte>(RelaxedPositive | RelaxedNegative), Vector<byte>.Zero)));

        public byte Apply(byte state, byte mask) =>
            (byte)((state & (Truth | Predicted)) == (Truth | Predicted) || (state & (RelaxedPositive | RelaxedNegative)) != 0 ? 0 : 1);
    }

    /// <summary>The relaxed false positives as 0/1.</summary>
    public readonly struct RelaxedPositives : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Vector.Min(state & new Vector<byte>(RelaxedPositive), Vector<byte>.One);

        public byte Apply(byte state, byte mask) => (byte)((state & RelaxedPositive) != 0 ? 1 : 0);
    }

    /// <summary>The relaxed false negatives as 0/1.</summary>
    public readonly struct RelaxedNegatives : IStep
    {
        public Vector<byte> Apply(Vector<byte> state, Vector<byte> mask) => Vector.Min(state & new Vector<byte>(RelaxedNegative), Vector<byte>.One);

        public byte Apply(byte state, byte mask) => (byte)((state & RelaxedNegative) != 0 ? 1 : 0);
    }
}
