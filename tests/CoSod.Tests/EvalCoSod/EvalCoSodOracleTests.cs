using System.Text;
using System.Text.Json;
using CoSod.Metrics.EvalCoSod;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CoSod.Tests.EvalCoSod;

/// <summary>
/// Profile B (eval-co-sod) against expected.eval-co-sod.json of the public synthetic fixtures, plus
/// fixture-free checks of the arithmetic.
/// </summary>
public sealed class EvalCoSodOracleTests(ITestOutputHelper output)
{
    private const double PerImageTolerance = 1e-6;
    private const double DatasetTolerance = 1e-5;

    private static readonly Lazy<JsonDocument> Oracle = new(() =>
        SharedFixtures.ReadJson(Path.Combine(SharedFixtures.SynthPublic, "expected.eval-co-sod.json")));

    public static TheoryData<string, string> DatasetMethods() => OracleCases.DatasetMethodPairs(() => Oracle.Value);

    [Fact]
    public void ThresholdsEqualTheOraclesFloat32Values()
    {
        var expected = Oracle.Value.RootElement.GetProperty("thresholds");
        Assert.Equal(EvalCoSodMetrics.ThresholdCount, expected.GetArrayLength());
        var i = 0;
        foreach (var value in expected.EnumerateArray())
        {
            Assert.True(
                (float)value.GetDouble() == EvalCoSodMetrics.Thresholds[i],
                $"threshold {i}: expected {value.GetDouble():R}, got {EvalCoSodMetrics.Thresholds[i]:R}");
            i++;
        }
    }

    [Theory]
    [MemberData(nameof(DatasetMethods))]
    public void MatchesOracle(string dataset, string method)
    {
        var root = SharedFixtures.SynthPublic;
        var expected = Oracle.Value.RootElement.GetProperty("datasets").GetProperty(dataset)
            .GetProperty("methods").GetProperty(method);
        var perImage = expected.GetProperty("per_image");
        var keys = perImage.EnumerateObject().Select(p => p.Name).ToList();
        keys.Sort(string.CompareOrdinal);
        Assert.Equal(expected.GetProperty("num_images").GetInt32(), keys.Count);

        var failures = new List<string>();
        var worst = new Dictionary<string, double>();

        void Check(string what, double expectedValue, double actual, double tolerance, string where)
        {
            var deviation = double.IsNaN(expectedValue) && double.IsNaN(actual)
                ? 0
                : Math.Abs(expectedValue - actual);
            if (double.IsNaN(deviation))
            {
                deviation = double.PositiveInfinity;
            }

            worst[what] = Math.Max(worst.GetValueOrDefault(what), deviation);
            if (!(deviation <= tolerance))
            {
                failures.Add($"{where} {what}: expected {expectedValue:R}, got {actual:R} (|d| = {deviation:E2})");
            }
        }

        var scores = new EvalCoSodImageScores[keys.Count];
        for (var n = 0; n < keys.Count; n++)
        {
            var key = keys[n];
            var slash = key.LastIndexOf('/');
            var group = key[..slash];
            var stem = key[(slash + 1)..];
            var (gt, width, height) = ReadGrey(Path.Combine(root, "datasets", dataset, "GroundTruth", group, stem + ".png"));
            var prediction = ReadPrediction(root, method, dataset, group, stem, width, height);
            scores[n] = EvalCoSodMetrics.Measure(prediction, gt, width);

            var e = perImage.GetProperty(key);
            var s = scores[n];
            Check("image MAE", e.GetProperty("MAE").GetDouble(), s.Mae, PerImageTolerance, key);
            Check("image Sm", NumberOrNaN(e.GetProperty("Sm")), s.Sm, PerImageTolerance, key);
            Check("image maxF", e.GetProperty("maxFm_of_image_curve").GetDouble(), s.MaxF, PerImageTolerance, key);
            Check("image meanF", e.GetProperty("meanFm_of_image_curve").GetDouble(), s.MeanF, PerImageTolerance, key);
            Check("image maxE", e.GetProperty("maxEm_of_image_curve").GetDouble(), s.MaxE, PerImageTolerance, key);
            Check("image meanE", e.GetProperty("meanEm_of_image_curve").GetDouble(), s.MeanE, PerImageTolerance, key);
        }

        var d = EvalCoSodMetrics.Reduce(scores);
        var summary = expected.GetProperty("summary");
        Check("MAE", summary.GetProperty("MAE").GetDouble(), d.Mae, DatasetTolerance, "dataset");
        Check("Sm", NumberOrNaN(summary.GetProperty("Sm")), d.Sm, DatasetTolerance, "dataset");
        Check("Fm.max", summary.GetProperty("Fm").GetProperty("max").GetDouble(), d.MaxF, DatasetTolerance, "dataset");
        Check("Fm.mean", summary.GetProperty("Fm").GetProperty("mean").GetDouble(), d.MeanF, DatasetTolerance, "dataset");
        Check("Em.max", summary.GetProperty("Em").GetProperty("max").GetDouble(), d.MaxE, DatasetTolerance, "dataset");
        Check("Em.mean", summary.GetProperty("Em").GetProperty("mean").GetDouble(), d.MeanE, DatasetTolerance, "dataset");
        Check("AP", summary.GetProperty("AP").GetDouble(), d.Ap, DatasetTolerance, "dataset");
        Check("AUC", summary.GetProperty("AUC").GetDouble(), d.Auc, DatasetTolerance, "dataset");

        var curves = summary.GetProperty("curves");
        void CheckCurve(string name, IReadOnlyList<float> actual)
        {
            var values = curves.GetProperty(name);
            Assert.Equal(values.GetArrayLength(), actual.Count);
            var i = 0;
            foreach (var v in values.EnumerateArray())
            {
                Check("curve " + name, v.GetDouble(), actual[i], DatasetTolerance, $"dataset [{i}]");
                i++;
            }
        }

        CheckCurve("precision", d.Precision);
        CheckCurve("recall", d.Recall);
        CheckCurve("fm", d.FMeasure);
        CheckCurve("em", d.EMeasure);
        CheckCurve("tpr_sorted_by_fpr", d.TprSortedByFpr);
        CheckCurve("fpr_sorted", d.FprSorted);

        Assert.Empty(d.UndefinedMae);
        var report = new StringBuilder($"{dataset}/{method}: {keys.Count} images; largest deviations:");
        foreach (var (what, deviation) in worst)
        {
            report.Append($" {what}={deviation:E2};");
        }

        output.WriteLine(report.ToString());
        Assert.True(failures.Count == 0, $"{failures.Count} values off:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public void ThresholdsAreTorchLinspaceFloat32()
    {
        var t = EvalCoSodMetrics.Thresholds;
        Assert.Equal(255, t.Length);
        Assert.Equal(0f, t[0]);
        Assert.Equal(0.5f, t[127]);
        Assert.Equal(1f, t[254]);
        for (var i = 1; i < t.Length; i++)
        {
            Assert.True(t[i] > t[i - 1], $"not ascending at {i}");
        }

        // Bit patterns of torch 1.13's values where a naive i/254 or an unfused end-anchored formula differs.
        Assert.Equal(0x3b810204u, BitConverter.SingleToUInt32Bits(t[1]));
        Assert.Equal(0x3e93264cu, BitConverter.SingleToUInt32Bits(t[73]));
        Assert.Equal(0x3f112245u, BitConverter.SingleToUInt32Bits(t[144]));
        Assert.Equal(0x3f51a347u, BitConverter.SingleToUInt32Bits(t[208]));
        Assert.Equal(0x3f71e3c8u, BitConverter.SingleToUInt32Bits(t[240]));
        Assert.Equal(0x3f7efdfcu, BitConverter.SingleToUInt32Bits(t[253]));
    }

    [Fact]
    public void TinyExampleByHand()
    {
        // One row: GT 0/255/255/0, prediction 51/102/204/255 -> raw 0.2/0.4/0.8/1, normalised 0/0.25/0.75/1.
        byte[] gt = [0, 255, 255, 0];
        byte[] pred = [51, 102, 204, 255];
        var s = EvalCoSodMetrics.Measure(pred, gt, 4);

        // MAE on the raw map: (0.2 + 0.6 + 0.2 + 1) / 4.
        Assert.Equal(0.5, s.Mae, 1e-6);

        // Threshold 0: every pixel -> P = 2/4, R = 1, F = 1.3*0.5/(0.15+1).
        Assert.Equal(0.5, s.Precision[0], 1e-6);
        Assert.Equal(1.0, s.Recall[0], 1e-6);
        Assert.Equal(1.3 * 0.5 / 1.15, s.FMeasure[0], 1e-6);

        // Threshold index 63 (0.248) keeps 0.25: three pixels, both object pixels.
        Assert.Equal(2.0 / 3.0, s.Precision[63], 1e-6);
        Assert.Equal(1.0, s.Recall[63], 1e-6);

        // Threshold index 64 (0.252) drops 0.25; index 127 (0.5) as well: pixels 3 and 4, one object pixel.
        foreach (var i in new[] { 64, 127, 190 })
        {
            Assert.Equal(0.5, s.Precision[i], 1e-6);
            Assert.Equal(0.5, s.Recall[i], 1e-6);
            Assert.Equal(0.5, s.FMeasure[i], 1e-6);
            Assert.Equal(0.5, s.Tpr[i], 1e-6);
            Assert.Equal(0.5, s.Fpr[i], 1e-6);
        }

        // Threshold 0.5: b = 0011, g = 0110, both centred at 0.5 -> enhanced 1,0,1,0; E = 2/(N-1).
        Assert.Equal(2.0 / 3.0, s.EMeasure[127], 1e-6);

        // Threshold 1: only the maximum (normalised to exactly 1), a background pixel: P = R = F = 0.
        Assert.Equal(0f, s.Precision[254]);
        Assert.Equal(0f, s.Recall[254]);
        Assert.Equal(0f, s.FMeasure[254]);
        Assert.Equal(0f, s.Tpr[254]);
        Assert.Equal(0.5, s.Fpr[254], 1e-6);
        Assert.Equal(1.0, s.Tpr[0], 1e-6);
        Assert.Equal(1.0, s.Fpr[0], 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    [InlineData(128)]
    public void ConstantPredictionBecomesAllZero(byte level)
    {
        const int width = 20, height = 10;
        var gt = Blob(width, height);
        var pred = Enumerable.Repeat(level, width * height).ToArray();
        var s = EvalCoSodMetrics.Measure(pred, gt, width);
        var reference = EvalCoSodMetrics.Measure(new byte[width * height], gt, width);

        var foreground = gt.Count(g => g == 255);
        var n = width * height;

        // MAE still sees the raw map.
        var expectedMae = level == 0 ? foreground / (double)n
            : level == 255 ? 1 - foreground / (double)n
            : (foreground * (1 - 128 / 255.0) + (n - foreground) * (128 / 255.0)) / n;
        Assert.Equal(expectedMae, s.Mae, 1e-6);

        // Everything else sees an all-0 map: only threshold 0 selects (all pixels).
        Assert.Equal(foreground / (double)n, s.Precision[0], 1e-6);
        Assert.Equal(1.0, s.Recall[0], 1e-6);
        for (var i = 1; i < 255; i++)
        {
            Assert.Equal(0f, s.Precision[i]);
            Assert.Equal(0f, s.Recall[i]);
            Assert.Equal(0f, s.FMeasure[i]);
        }

        Assert.Equal(reference.Sm, s.Sm);
        Assert.Equal(reference.FMeasure.ToArray(), s.FMeasure.ToArray());
        Assert.Equal(reference.EMeasure.ToArray(), s.EMeasure.ToArray());

        // All-zero map on a blob: object term 0, background term 2/(1+1+0) = 1, weighted by 1 - y.
        Assert.True(s.Sm > 0 && s.Sm < 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(255)]
    public void EmptyOrFullGroundTruthScoresQuarterAtEveryThreshold(byte gtLevel)
    {
        const int width = 17, height = 9;
        var n = width * height;
        var gt = Enumerable.Repeat(gtLevel, n).ToArray();
        var pred = new byte[n];
        for (var i = 0; i < n; i++)
        {
            pred[i] = (byte)(i * 37 % 256);
        }

        var s = EvalCoSodMetrics.Measure(pred, gt, width);
        var quarter = n / (4.0 * (n - 1));
        foreach (var e in s.EMeasure)
        {
            Assert.Equal(quarter, e, 1e-7);
        }

        Assert.Equal(quarter, s.MaxE, 1e-7);

        // S-measure special cases on the soft mean: 1 - mean(p) for an empty GT, mean(p) for a full one.
        var lo = pred.Min() / 255.0;
        var hi = pred.Max() / 255.0;
        var meanP = pred.Average(u => (u / 255.0 - lo) / (hi - lo));
        Assert.Equal(gtLevel == 0 ? 1 - meanP : meanP, s.Sm, 1e-6);
    }

    [Fact]
    public void SinglePixelObjectGivesNaNSmWhichReduceExcludesAndLists()
    {
        const int width = 12, height = 8;
        var single = new byte[width * height];
        single[3 * width + 5] = 255;
        var pred = new byte[width * height];
        for (var i = 0; i < pred.Length; i++)
        {
            pred[i] = (byte)(i * 11 % 200);
        }

        var nanImage = EvalCoSodMetrics.Measure(pred, single, width);
        Assert.True(float.IsNaN(nanImage.Sm));
        Assert.False(float.IsNaN(nanImage.Mae));

        var blob = Blob(width, height);
        var a = EvalCoSodMetrics.Measure(pred, blob, width);
        var b = EvalCoSodMetrics.Measure(blob, blob, width);
        Assert.False(float.IsNaN(a.Sm));
        Assert.False(float.IsNaN(b.Sm));

        var d = EvalCoSodMetrics.Reduce([a, nanImage, b]);
        Assert.Equal(new[] { 1 }, d.UndefinedSm.ToArray());
        Assert.Empty(d.UndefinedMae);
        Assert.Equal(((double)a.Sm + b.Sm) / 2, d.Sm, 1e-12);
        Assert.Equal(3, d.ImageCount);

        // The NaN-Sm image still enters MAE and the curves.
        Assert.Equal((a.Mae + nanImage.Mae + b.Mae) / 3f, d.Mae, 1e-7);
        Assert.Equal((a.FMeasure[10] + nanImage.FMeasure[10] + b.FMeasure[10]) / 3f, d.FMeasure[10], 1e-7);
    }

    [Fact]
    public void PerfectPredictionScoresOneEverywhereItShould()
    {
        const int width = 30, height = 20;
        var gt = Blob(width, height);
        var s = EvalCoSodMetrics.Measure(gt, gt, width);
        Assert.Equal(0f, s.Mae);
        Assert.Equal(1.0, s.Sm, 1e-6);
        Assert.Equal(1f, s.MaxF, 1e-6f);
        var d = EvalCoSodMetrics.Reduce([s]);
        Assert.Equal(1.0, d.Ap, 1e-9);
        Assert.Equal(1.0, d.Auc, 1e-6);
        Assert.Equal(1.0, d.MaxF, 1e-6);

        // Perfect map: E = N/(N-1) at every threshold but 0 (where everything is selected).
        var n = width * height;
        Assert.Equal(n / (double)(n - 1), d.MaxE, 1e-6);
    }

    [Fact]
    public void MeasureRejectsMismatchedSizes()
    {
        Assert.Throws<ArgumentException>(() => EvalCoSodMetrics.Measure(new byte[6], new byte[8], 2));
        Assert.Throws<ArgumentException>(() => EvalCoSodMetrics.Measure(new byte[7], new byte[7], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => EvalCoSodMetrics.Measure(new byte[4], new byte[4], 0));
    }

    private static byte[] Blob(int width, int height)
    {
        var gt = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (x >= width / 4 && x < width * 3 / 5 && y >= height / 3 && y < height * 4 / 5)
                {
                    gt[y * width + x] = 255;
                }
            }
        }

        return gt;
    }

    private static double NumberOrNaN(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    private static (byte[] Pixels, int Width, int Height) ReadGrey(string path)
    {
        using var image = Image.Load<L8>(path);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return (pixels, image.Width, image.Height);
    }

    /// <summary>
    /// The prediction as eval-co-sod's loader hands it over: PNG as is; the one JPEG through the reference
    /// libjpeg-turbo pixels; a map of another size through the reference PIL BILINEAR resize.
    /// </summary>
    private static byte[] ReadPrediction(string root, string method, string dataset, string group, string stem, int width, int height)
    {
        var folder = Path.Combine(root, "predictions", method, dataset, group);
        var png = Path.Combine(folder, stem + ".png");
        var path = File.Exists(png)
            ? png
            : File.Exists(Path.Combine(folder, stem + ".jpg"))
                ? Path.Combine(root, "reference", "decoded_jpeg_libjpeg", method, dataset, group, stem + ".png")
                : throw new FileNotFoundException("No prediction for " + Path.Combine(folder, stem));

        var (pixels, w, h) = ReadGrey(path);
        if (w == width && h == height)
        {
            return pixels;
        }

        var resized = Path.Combine(root, "reference", "resized", "PIL_BILINEAR", method, dataset, group, stem + ".png");
        var (r, rw, rh) = ReadGrey(resized);
        Assert.True(rw == width && rh == height, $"{resized} is {rw}x{rh}, GT is {width}x{height}");
        return r;
    }
}
