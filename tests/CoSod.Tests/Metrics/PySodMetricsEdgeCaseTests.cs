using CoSod.Metrics.PySod;

namespace CoSod.Tests.Metrics;

/// <summary>
/// Degenerate inputs and hand-computed tiny cases of the PySODMetrics port (metrics-spec.md sections 2, 3, 6).
/// </summary>
public sealed class PySodMetricsEdgeCaseTests
{
    private const int W = 20, H = 16, N = W * H;

    private static PySodImageScores Measure(byte[] prediction, byte[] groundTruth, int width, int height) =>
        PySodMetrics.Measure(prediction, PySodGroundTruth.Create(groundTruth, width, height));

    private static byte[] Constant(byte value, int n = N) => Enumerable.Repeat(value, n).ToArray();

    /// <summary>Rows 4..9 x columns 5..12 = 48 object pixels of 320.</summary>
    private static byte[] Blob()
    {
        var gt = new byte[N];
        for (var y = 4; y < 10; y++)
        {
            gt.AsSpan((y * W) + 5, 8).Fill(255);
        }

        return gt;
    }

    private static double PerfectE(int n) => n / (double)(n - 1);

    private static void AssertAllThresholds(Func<int, double> curve, double expected, string name)
    {
        for (var t = 0; t < PySodConstants.Levels; t++)
        {
            Assert.True(curve(t) == expected, $"{name}({t}) = {curve(t):R}, expected {expected:R}");
        }
    }

    [Fact]
    public void AllWhitePredictionOnBlob()
    {
        var gt = Blob();
        const int fg = 48;
        var scores = Measure(Constant(255), gt, W, H);

        // A constant map is not min-max normalised: p = 1 everywhere, so the error is the background share.
        Assert.Equal((N - fg) / (double)N, scores.Mae, 1e-15);
        Assert.Equal(1 - (fg / (double)N), scores.Mae, 1e-15);

        // Every threshold selects every pixel: P = FG/N, R = 1, F = 1.3 P / (0.3 P + 1), flat curve.
        var precision = fg / (double)N;
        var f0 = 1.3 * precision / ((0.3 * precision) + 1);
        for (var t = 0; t < PySodConstants.Levels; t++)
        {
            Assert.Equal(fg, scores.TruePositives[t]);
            Assert.Equal(N - fg, scores.FalsePositives[t]);
            Assert.Equal(f0, scores.FMeasure(t), 1e-15);
        }

        Assert.Equal(1.0, scores.AdaptiveThreshold);
        Assert.Equal(f0, scores.AdaptiveF, 1e-15);
        var dataset = PySodReduction.ImageMean([scores]);
        Assert.Equal(f0, dataset.MaxF, 1e-15);
        Assert.Equal(scores.FMeasure(0), dataset.MaxF);

        // E: the prediction is constant, so every align term is 0 and every enhanced term 1/4: E = (N/4)/(N-1).
        AssertAllThresholds(scores.EMeasure, 80.0 / 319.0, "E");

        // S-measure in the spec's 0.03..0.12 band and equal to the literal reading.
        Assert.InRange(scores.SMeasure, 0.03, 0.12);
        var p = NaivePySod.Normalise(Constant(255));
        Assert.Equal(NaivePySod.SMeasure(p, NaivePySod.Binarise(gt), W, H), scores.SMeasure, 1e-12);
        Assert.Equal(NaivePySod.WeightedF(p, NaivePySod.Binarise(gt), W, H), scores.WeightedF, 1e-12);
    }

    [Fact]
    public void AllWhitePredictionOnFullGroundTruth()
    {
        var scores = Measure(Constant(255), Constant(255), W, H);
        Assert.Equal(1.0, scores.SMeasure);
        Assert.Equal(1.0, scores.WeightedF);
        Assert.Equal(1.0, scores.AdaptiveF);
        Assert.Equal(0.0, scores.Mae);
        Assert.Equal(PerfectE(N), scores.AdaptiveE);
        AssertAllThresholds(scores.EMeasure, PerfectE(N), "E");
        Assert.True(PerfectE(N) > 1);
    }

    [Fact]
    public void AllBlackPredictionOnEmptyGroundTruth()
    {
        var scores = Measure(Constant(0), Constant(0), W, H);
        Assert.Equal(1.0, scores.SMeasure);
        Assert.Equal(0.0, scores.Mae);
        Assert.Equal(0.0, scores.WeightedF);
        Assert.Equal(0.0, scores.AdaptiveThreshold);

        // Threshold 0 marks every pixel as foreground: no true positive, F = 0, and E = (N - N)/(N-1) = 0.
        Assert.Equal(0.0, scores.AdaptiveF);
        Assert.Equal(0.0, scores.AdaptiveE);

        // On the curve only t = 0 selects anything; every higher threshold is a perfect empty map.
        Assert.Equal(0.0, scores.EMeasure(0));
        for (var t = 1; t < PySodConstants.Levels; t++)
        {
            Assert.Equal(PerfectE(N), scores.EMeasure(t));
            Assert.Equal(0.0, scores.FMeasure(t));
        }

        var dataset = PySodReduction.ImageMean([scores]);
        Assert.Equal(PerfectE(N), dataset.MaxE);
        Assert.Equal(0.0, dataset.MaxF);
        Assert.Equal(255 * PerfectE(N) / 256, dataset.MeanE, 1e-15);
    }

    [Fact]
    public void AllBlackPredictionOnFullGroundTruth()
    {
        var gt = Constant(255);
        var scores = Measure(Constant(0), gt, W, H);
        Assert.Equal(0.0, scores.SMeasure);
        Assert.Equal(1.0, scores.Mae);
        Assert.Equal(1.0, scores.AdaptiveF);
        Assert.Equal(PerfectE(N), scores.AdaptiveE);

        // wFm is not 0: zero padding of the Gaussian lowers EA below E = 1 near the border (spec: 0.025 on its
        // fixture size; larger on this small image, where more of it is border).
        var expected = NaivePySod.WeightedF(NaivePySod.Normalise(Constant(0)), NaivePySod.Binarise(gt), W, H);
        Assert.Equal(expected, scores.WeightedF, 1e-12);
        Assert.InRange(scores.WeightedF, 0.01, 0.5);
    }

    [Fact]
    public void ConstantGreyPredictionIsKeptAtItsValue()
    {
        var scores = Measure(Constant(128), Constant(0), W, H);
        Assert.Equal(128 / 255.0, scores.Mae, 1e-15);
        Assert.Equal(1 - (128 / 255.0), scores.SMeasure, 1e-15);

        // 128/255 * 255 is exactly 128.0 in double: every pixel sits in bin 128.
        Assert.Equal(N, scores.FalsePositives[128]);
        Assert.Equal(0, scores.FalsePositives[129]);

        // The adaptive threshold 2 * 0.502 is capped at 1, which no pixel reaches.
        Assert.Equal(1.0, scores.AdaptiveThreshold);
        var onBlob = Measure(Constant(128), Blob(), W, H);
        Assert.Equal(0.0, onBlob.AdaptiveF);
        Assert.Equal(48, onBlob.TruePositives[128]);
        Assert.Equal(0, onBlob.TruePositives[129]);
        Assert.Equal(((48 * (1 - (128 / 255.0))) + (272 * (128 / 255.0))) / N, onBlob.Mae, 1e-15);
    }

    [Fact]
    public void GroundTruthThresholdIsStrictlyAbove128()
    {
        var gt = PySodGroundTruth.Create(new byte[] { 0, 1, 127, 128, 129, 200, 254, 255 }, 4, 2);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 1, 1, 1, 1 }, gt.Mask);
        Assert.Equal(4, gt.ForegroundCount);

        // A mask stored as 0/1 is empty: S-measure takes the empty-GT branch, 1 - mean(p).
        var zeroOne = new byte[N];
        var blob = Blob();
        for (var i = 0; i < N; i++)
        {
            zeroOne[i] = blob[i] == 255 ? (byte)1 : (byte)0;
        }

        Assert.Equal(0, PySodGroundTruth.Create(zeroOne, W, H).ForegroundCount);
        var prediction = Blob();
        var scores = Measure(prediction, zeroOne, W, H);
        Assert.Equal(0, scores.ForegroundCount);
        Assert.Equal(1 - (48 / (double)N), scores.SMeasure, 1e-15);
        Assert.Equal(0.0, scores.WeightedF);
        Assert.Equal(0.0, scores.Recall(0));

        // All-128 GT is empty as well; all-129 is full.
        Assert.Equal(0, PySodGroundTruth.Create(Constant(128), W, H).ForegroundCount);
        Assert.Equal(N, PySodGroundTruth.Create(Constant(129), W, H).ForegroundCount);
    }

    [Fact]
    public void PredictionIsMinMaxNormalisedBeforeEveryMetric()
    {
        // Values 50..200: 50 -> 0, 200 -> 1, 125 -> 0.5.
        var prediction = Constant(50, 6);
        prediction[1] = 200;
        prediction[2] = 125;
        prediction[3] = 125;
        var scores = Measure(prediction, new byte[6], 3, 2);
        var expectedMean = (1.0 + 0.5 + 0.5) / 6;
        Assert.Equal(expectedMean, scores.Mae, 1e-15);
        Assert.Equal(1 - expectedMean, scores.SMeasure, 1e-15);
        Assert.Equal(2 * expectedMean, scores.AdaptiveThreshold, 1e-15);

        Span<double> levels = stackalloc double[256];
        PySodMetrics.NormalisedLevels(prediction, levels);
        Assert.Equal(0.0, levels[50]);
        Assert.Equal(1.0, levels[200]);
        Assert.Equal(0.5, levels[125], 1e-15);

        // 200 -> bin 255, 125 -> bin 127 (0.5 * 255 = 127.5 truncated), 50 -> bin 0.
        Assert.Equal(1, scores.FalsePositives[255]);
        Assert.Equal(3, scores.FalsePositives[127]);
        Assert.Equal(1, scores.FalsePositives[128]);
        Assert.Equal(6, scores.FalsePositives[0]);
        Assert.Equal(3, scores.FalsePositives[1]);
    }

    /// <summary>
    /// (u, min, max, exact bin, double bin): floor((u - min) * 255 / (max - min)) versus
    /// trunc(((u/255 - min/255) / (max/255 - min/255)) * 255); found by exhaustive search in IEEE double (1.4% of
    /// all triples differ, always one bin lower).
    /// </summary>
    public static TheoryData<byte, byte, byte, int, int> QuantisationFlips() => new()
    {
        { 7, 0, 35, 51, 50 },
        { 28, 0, 35, 204, 203 },
        { 42, 0, 45, 238, 237 },
        { 108, 10, 255, 102, 101 },
        { 225, 30, 255, 221, 220 },
        { 106, 42, 212, 96, 95 },
        { 194, 190, 220, 34, 33 },
        { 146, 20, 173, 210, 209 },
        { 161, 152, 167, 153, 152 },
        { 147, 143, 228, 12, 11 },
    };

    [Theory]
    [MemberData(nameof(QuantisationFlips))]
    public void QuantisationUsesTheDoubleOperationOrder(byte u, byte lo, byte hi, int exactBin, int doubleBin)
    {
        // The rational bin really is one higher: the test data itself is checked.
        Assert.Equal(exactBin, (u - lo) * 255 / (hi - lo));
        Assert.Equal(exactBin - 1, doubleBin);

        // Pixels: min, max, u on the object, u off the object.
        var scores = Measure([lo, hi, u, u], [0, 0, 255, 0], 2, 2);
        Assert.Equal(1, scores.TruePositives[doubleBin]);
        Assert.Equal(0, scores.TruePositives[exactBin]);
        Assert.Equal(2, scores.FalsePositives[doubleBin]);
        Assert.Equal(hi == lo ? 0 : 1, scores.FalsePositives[exactBin]);
        Assert.Equal(3, scores.FalsePositives[0]);
    }

    [Fact]
    public void QuantisationOfAFullRangeMapIsTheGreyValue()
    {
        // min 0 and max 255: p = u/255 and trunc(p * 255) = u for every u (no flip on this range).
        var prediction = Enumerable.Range(0, 256).Select(u => (byte)u).ToArray();
        var scores = Measure(prediction, new byte[256], 16, 16);
        for (var t = 0; t < 256; t++)
        {
            Assert.Equal(256 - t, scores.FalsePositives[t]);
        }
    }

    [Theory]
    [InlineData(1, 2, 3)] // columns 1..2: centroid 1.5 -> 2 (half to even), split 3
    [InlineData(2, 3, 3)] // columns 2..3: centroid 2.5 -> 2 (half to even; half away would give 3), split 3
    [InlineData(4, 5, 5)] // 4.5 -> 4, split 5
    [InlineData(5, 6, 7)] // 5.5 -> 6, split 7
    public void CentroidRoundsHalfToEven(int firstColumn, int lastColumn, int expectedSplit)
    {
        const int w = 12, h = 9;
        var gt = new byte[w * h];
        for (var y = 0; y < 6; y++) // rows 0..5: centroid 2.5 -> 2, split 3
        {
            for (var x = firstColumn; x <= lastColumn; x++)
            {
                gt[(y * w) + x] = 255;
            }
        }

        var truth = PySodGroundTruth.Create(gt, w, h);
        Assert.Equal(expectedSplit, truth.SplitColumn);
        Assert.Equal(3, truth.SplitRow);

        // The S-measure follows that split: equal to the literal reading with half-to-even, and (for an even
        // k) not to the one with MATLAB's half-away rounding.
        var random = new Random(firstColumn);
        var prediction = Enumerable.Range(0, w * h).Select(_ => (byte)random.Next(256)).ToArray();
        var scores = PySodMetrics.Measure(prediction, truth);
        var p = NaivePySod.Normalise(prediction);
        var g = NaivePySod.Binarise(gt);
        Assert.Equal(NaivePySod.SMeasure(p, g, w, h), scores.SMeasure, 1e-12);
        if (firstColumn % 2 == 0)
        {
            var halfAway = NaivePySod.SMeasure(p, g, w, h, MidpointRounding.AwayFromZero);
            Assert.True(Math.Abs(halfAway - scores.SMeasure) > 1e-6, $"half-away {halfAway} vs {scores.SMeasure}");
        }
    }

    [Fact]
    public void EmptySMeasureBlockGivesNaN()
    {
        // Object in the last column: centroid column W-1, split W, so the right-hand blocks are empty.
        const int w = 6, h = 5;
        var gt = new byte[w * h];
        for (var y = 1; y <= 3; y++)
        {
            gt[(y * w) + (w - 1)] = 255;
        }

        var truth = PySodGroundTruth.Create(gt, w, h);
        Assert.Equal(w, truth.SplitColumn);
        var prediction = Enumerable.Range(0, w * h).Select(i => (byte)(i * 8)).ToArray();
        var scores = PySodMetrics.Measure(prediction, truth);
        Assert.True(double.IsNaN(scores.SMeasure), $"Sm = {scores.SMeasure}");
        Assert.False(double.IsNaN(scores.Mae));
        Assert.False(double.IsNaN(scores.WeightedF));

        // Same in the last row.
        var bottom = new byte[w * h];
        bottom[((h - 1) * w) + 1] = 255;
        bottom[((h - 1) * w) + 2] = 255;
        Assert.True(double.IsNaN(Measure(prediction, bottom, w, h).SMeasure));

        // One column further left, the blocks are not empty and Sm is a number again.
        var inside = new byte[w * h];
        for (var y = 1; y <= 3; y++)
        {
            inside[(y * w) + (w - 2)] = 255;
        }

        Assert.False(double.IsNaN(Measure(prediction, inside, w, h).SMeasure));
    }

    [Fact]
    public void SinglePixelObjectHasAFiniteSMeasure()
    {
        // PySODMetrics 1.6.2: the standard deviation of one pixel is 0 (1.4.2 had NaN and returned 0).
        const int w = 8, h = 6;
        var gt = new byte[w * h];
        gt[(3 * w) + 2] = 255;
        var prediction = new byte[w * h];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var d2 = ((x - 2) * (x - 2)) + ((y - 3) * (y - 3));
                prediction[(y * w) + x] = (byte)Math.Max(0, 255 - (60 * d2));
            }
        }

        var scores = Measure(prediction, gt, w, h);
        Assert.True(double.IsFinite(scores.SMeasure));
        Assert.InRange(scores.SMeasure, 0.2, 1.0);
        var p = NaivePySod.Normalise(prediction);
        var g = NaivePySod.Binarise(gt);
        Assert.Equal(NaivePySod.SMeasure(p, g, w, h), scores.SMeasure, 1e-12);
        Assert.Equal(NaivePySod.WeightedF(p, g, w, h), scores.WeightedF, 1e-12);
    }

    [Fact]
    public void TinyExampleCountsAndCurves()
    {
        // GT (FG = 2 of 6):  255 255   0      prediction: 255 100 200
        //                      0   0   0                    0 100   0
        // min 0, max 255: bins are the grey values.
        var gt = new byte[] { 255, 255, 0, 0, 0, 0 };
        var prediction = new byte[] { 255, 100, 200, 0, 100, 0 };
        var scores = Measure(prediction, gt, 3, 2);

        void Expect(int t, int tp, int fp)
        {
            Assert.Equal(tp, scores.TruePositives[t]);
            Assert.Equal(fp, scores.FalsePositives[t]);
        }

        Expect(0, 2, 4);
        Expect(1, 2, 2);
        Expect(100, 2, 2);
        Expect(101, 1, 1);
        Expect(200, 1, 1);
        Expect(201, 1, 0);
        Expect(255, 1, 0);

        Assert.Equal(2 / 6.0, scores.Precision(0), 1e-15);
        Assert.Equal(1.0, scores.Recall(0));
        Assert.Equal((1.3 / 3) / 1.1, scores.FMeasure(0), 1e-15);
        Assert.Equal(0.65 / 1.15, scores.FMeasure(50), 1e-15);
        Assert.Equal(0.5, scores.FMeasure(150), 1e-15);
        Assert.Equal(0.8125, scores.FMeasure(255), 1e-15);

        // E at t = 255 (one pixel on, a true positive): mp = 1/6, mg = 1/3.
        // TP: align 40/41 -> 6561/6724; FN: align -8/17 -> 81/1156; TN (4): align 4/5 -> 81/100.
        var e255 = ((6561.0 / 6724) + (81.0 / 1156) + (4 * 81.0 / 100)) / 5;
        Assert.Equal(e255, scores.EMeasure(255), 1e-14);

        // E at t = 0 (all on): mp = 1, align 0 everywhere -> 6/4 / 5.
        Assert.Equal(1.5 / 5, scores.EMeasure(0), 1e-15);

        // E at t = 150 (pixels 255 and 200 on: TP 1, FP 1): mp = 1/3, mg = 1/3.
        // TP (2/3, 2/3): align 1 -> 1; FP (2/3, -1/3): align -4/5 -> 1/100; FN (-1/3, 2/3): -4/5 -> 1/100;
        // TN (3 pixels, -1/3, -1/3): align 1 -> 1.
        Assert.Equal((1 + 0.01 + 0.01 + 3) / 5, scores.EMeasure(150), 1e-14);

        // Adaptive: mean p = 655/1530, threshold 0.856 selects only the 255 pixel.
        Assert.Equal(2 * 655.0 / 1530, scores.AdaptiveThreshold, 1e-15);
        Assert.Equal(0.8125, scores.AdaptiveF, 1e-15);
        Assert.Equal(e255, scores.AdaptiveE, 1e-14);

        // MAE = (0 + 155/255 + 200/255 + 0 + 100/255 + 0) / 6.
        Assert.Equal(455.0 / 255 / 6, scores.Mae, 1e-15);
    }

    [Fact]
    public void AdaptiveThresholdIsInclusiveAndOnTheUnquantisedMap()
    {
        // p = {1, 170/255, 0, 0, 0}: 2 * mean(p) is exactly the double 170/255 (checked in IEEE double), so the
        // 170 pixel sits on the threshold and p >= thr selects it; with > the object pixel would be missed.
        var scores = Measure([255, 170, 0, 0, 0], [0, 255, 0, 0, 0], 5, 1);
        Assert.Equal(170 / 255.0, scores.AdaptiveThreshold);
        Assert.Equal(0.65 / 1.15, scores.AdaptiveF, 1e-15);

        // Unquantised: p = {1, 169/255, 0, 0, 0} gives threshold 2 * (1 + 0.66275) / 5 = 0.66510, i.e. 169.6 on
        // the 0..255 scale. The 169 pixel is below it, although its quantised bin (169) equals the threshold's
        // truncated bin; comparing bins would select it.
        var below = Measure([255, 169, 0, 0, 0], [0, 255, 0, 0, 0], 5, 1);
        Assert.Equal(0.0, below.AdaptiveF);

        // All-black map: threshold 0 and >= selects every pixel (adaptive F = 1 on a full GT).
        Assert.Equal(1.0, Measure(Constant(0, 4), Constant(255, 4), 2, 2).AdaptiveF);
    }

    [Fact]
    public void CountFormulasHandleZeroDenominators()
    {
        Assert.Equal(0.0, PySodFormulas.Precision(0, 0));
        Assert.Equal(0.0, PySodFormulas.Recall(0, 0));
        Assert.Equal(0.0, PySodFormulas.FMeasure(0, 0));
        Assert.Equal(0.0, PySodFormulas.FMeasure(0.5, 0));
        Assert.Equal(0.75, PySodFormulas.Precision(3, 1));
        Assert.Equal(0.3, PySodFormulas.Recall(3, 10), 1e-15);

        // beta^2 = 0.3 (not beta = 0.3): P = 1, R = 0.5 -> 1.3 * 0.5 / 0.8.
        Assert.Equal(0.8125, PySodFormulas.FMeasure(1, 0.5), 1e-15);

        // Empty GT: S = N - PF; full GT: S = PF.
        Assert.Equal(7 / (10 - 1 + NaivePySod.Eps), PySodFormulas.EMeasure(0, 3, 0, 10));
        Assert.Equal(3 / (10 - 1 + NaivePySod.Eps), PySodFormulas.EMeasure(3, 0, 10, 10));
    }

    public static TheoryData<int> RandomSeeds() => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(RandomSeeds))]
    public void RandomSmallImagesAgreeWithTheLiteralReading(int seed)
    {
        var random = new Random(seed);
        var w = random.Next(9, 31);
        var h = random.Next(9, 25);
        var gt = new byte[w * h];
        int x0 = random.Next(w - 3), y0 = random.Next(h - 3);
        int x1 = random.Next(x0 + 1, w), y1 = random.Next(y0 + 1, h);
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                if (random.NextDouble() < 0.85)
                {
                    gt[(y * w) + x] = (byte)random.Next(129, 256);
                }
            }
        }

        // Anti-aliased edge values around 128 and a noisy prediction with a grey offset.
        for (var i = 0; i < gt.Length; i++)
        {
            if (gt[i] == 0 && random.NextDouble() < 0.05)
            {
                gt[i] = (byte)random.Next(100, 130);
            }
        }

        var prediction = gt.Select(g => (byte)Math.Clamp((g > 128 ? 180 : 40) + random.Next(-40, 60), 0, 255)).ToArray();
        var scores = Measure(prediction, gt, w, h);
        var p = NaivePySod.Normalise(prediction);
        var b = NaivePySod.Binarise(gt);
        Assert.Equal(NaivePySod.Mae(p, b), scores.Mae, 1e-13);
        Assert.Equal(NaivePySod.SMeasure(p, b, w, h), scores.SMeasure, 1e-12);
        Assert.Equal(NaivePySod.WeightedF(p, b, w, h), scores.WeightedF, 1e-12);

        // Counts from the literal quantisation.
        var q = p.Select(v => (int)(v * 255.0)).ToArray();
        foreach (var t in new[] { 0, 1, 37, 100, 128, 200, 254, 255 })
        {
            Assert.Equal(q.Where((v, i) => b[i] && v >= t).Count(), scores.TruePositives[t]);
            Assert.Equal(q.Where((v, i) => !b[i] && v >= t).Count(), scores.FalsePositives[t]);
        }
    }
}
