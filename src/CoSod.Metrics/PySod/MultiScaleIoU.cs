namespace CoSod.Metrics.PySod;

/// <summary>One image's MSIoU: the 257-threshold curve (ascending, t = 0..256, map q &gt;= t), adaptive and binary.</summary>
/// <param name="Curve">MSIoU of the map q &gt;= t for t = 0..256 (t = 0 selects every pixel, t = 256 none).</param>
/// <param name="Adaptive">MSIoU of the map p &gt;= min(2 mean(p), 1).</param>
/// <param name="Binary">MSIoU of the map p &gt; 0.5.</param>
public sealed record MultiScaleIoUScores(double[] Curve, double Adaptive, double Binary);

/// <summary>
/// PySODMetrics 1.6.2 <c>MSIoU(with_dynamic, with_adaptive, with_binary)</c> of one pair: edge maps of binary
/// predictions box-counted at ten scales against the ground truth's (<see cref="MultiScaleEdgeCells"/>). The 257
/// maps of the curve are swept from t = 256 down, switching each pixel on at its own quantised level, so every map's
/// numerators come from the previous ones (<see cref="EdgeCellCounter"/>); the reference redraws each map.
/// </summary>
public static class MultiScaleIoU
{
    /// <summary>Thresholds 0..256 on the quantised map.</summary>
    public const int Thresholds = PySodConstants.Levels + 1;

    /// <summary>The pair's three MSIoU results.</summary>
    /// <exception cref="InvalidOperationException">The ground truth was prepared without its edge cells.</exception>
    public static MultiScaleIoUScores Measure(PySodPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var cells = pair.GroundTruth.EdgeCells
            ?? throw new InvalidOperationException("The ground truth was prepared without PySodGroundTruthWork.MultiScaleEdges.");
        var counter = new EdgeCellCounter(cells);
        var curve = Curve(pair, cells, counter);

        var levels = pair.Levels;
        var threshold = pair.Counts.AdaptiveThreshold;
        Span<bool> adaptive = stackalloc bool[PySodConstants.Levels];
        Span<bool> binary = stackalloc bool[PySodConstants.Levels];
        for (var u = 0; u < PySodConstants.Levels; u++)
        {
            adaptive[u] = levels[u] >= threshold;
            binary[u] = levels[u] > 0.5;
        }

        return new MultiScaleIoUScores(curve, Single(pair, cells, counter, adaptive), Single(pair, cells, counter, binary));
    }

    private static double[] Curve(PySodPair pair, MultiScaleEdgeCells cells, EdgeCellCounter counter)
    {
        // Pixels bucketed by quantised level (a counting sort), so each threshold switches on exactly its own pixels.
        var quantised = pair.QuantisedLevels;
        var prediction = pair.Prediction;
        Span<int> starts = stackalloc int[PySodConstants.Levels + 1];
        foreach (var u in prediction)
        {
            starts[quantised[u] + 1]++;
        }

        for (var q = 0; q < PySodConstants.Levels; q++)
        {
            starts[q + 1] += starts[q];
        }

        var order = GC.AllocateUninitializedArray<int>(prediction.Length);
        Span<int> next = stackalloc int[PySodConstants.Levels];
        starts[..PySodConstants.Levels].CopyTo(next);
        for (var i = 0; i < prediction.Length; i++)
        {
            order[next[quantised[prediction[i]]]++] = i;
        }

        var curve = new double[Thresholds];
        curve[PySodConstants.Levels] = cells.Score(counter.Numerators);
        for (var t = PySodConstants.Levels - 1; t >= 0; t--)
        {
            if (starts[t] == starts[t + 1])
            {
                // No pixel at this level: the map is the one of t + 1 (the reference copies that value too).
                curve[t] = curve[t + 1];
                continue;
            }

            for (var k = starts[t]; k < starts[t + 1]; k++)
            {
                counter.SwitchOn(order[k]);
            }

            counter.Commit();
            curve[t] = cells.Score(counter.Numerators);
        }

        return curve;
    }

    /// <summary>MSIoU of the map that holds the pixels whose grey level is selected.</summary>
    private static double Single(PySodPair pair, MultiScaleEdgeCells cells, EdgeCellCounter counter, ReadOnlySpan<bool> selected)
    {
        counter.Reset();
        var prediction = pair.Prediction;
        for (var i = 0; i < prediction.Length; i++)
        {
            if (selected[prediction[i]])
            {
                counter.SwitchOn(i);
            }
        }

        counter.Commit();
        return cells.Score(counter.Numerators);
    }
}
