using System.Text.Json;
using CoSod.Metrics.Matlab;
using CoSod.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Xunit.Abstractions;

namespace CoSod.Tests.MatlabMetrics;

/// <summary>
/// The CoSOD MATLAB toolbox port against expected.cosod-matlab.json (the toolbox run under GNU Octave 7.3):
/// threshold doubles bit for bit, every per-image value, the per-image curves given, every dataset scalar and curve
/// point, the per-group values, and the dataset scalars of the MATLAB-colon sensitivity run.
/// </summary>
/// <remarks>
/// Inputs are built here, not by a reader: GT <c>Image.Load&lt;L8&gt;</c> then <c>&gt; 128</c> (the fixture GTs are
/// 0/255 or soft grey, and one RGB GT with R = G = B, for all of which this is MATLAB's rgb2gray-then-threshold),
/// maps 8-bit grey then u/255. A map the toolbox resized is read from
/// <c>reference/resized/octave_imresize_bicubic/</c> (the pixels Octave's imresize wrote back), so every
/// dataset x method pair is testable. The image set is the toolbox's (<c>images</c>, in its order): the JPEG map
/// and the missing map are not evaluated, and Noisy/CoCA's numbers come from the run without the orphan map
/// (<c>numbers_from</c>), which is what feeding <c>images</c> reproduces.
/// </remarks>
public sealed class MatlabMetricsOracleTests(ITestOutputHelper output)
{
    /// <summary>The oracle's guidance for a double-precision port of maps that match bit for bit.</summary>
    private const double Tolerance = 1e-9;

    private const string ResizedRule = "octave_imresize_bicubic";

    private static readonly Lazy<JsonDocument> Expected =
        new(() => SharedFixtures.ReadJson(Path.Combine(SharedFixtures.SynthPublic, "expected.cosod-matlab.json")));

    private static readonly Dictionary<(string, string, MatlabColon), Pair> Pairs = [];

    public static TheoryData<string, string> Cases() => OracleCases.DatasetMethodPairs(() => Expected.Value);

    [Fact]
    public void ThresholdDoublesMatchTheOracleBitForBit()
    {
        var root = Expected.Value.RootElement;
        foreach (var (colon, key) in new[]
        {
            (MatlabColon.Octave, "thresholds_ascending"),
            (MatlabColon.Matlab, "thresholds_matlab_colon_ascending"),
        })
        {
            var expected = root.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var actual = MatlabThresholds.Ascending(colon);
            Assert.Equal(expected.Length, actual.Count);
            for (var j = 0; j < expected.Length; j++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected[j]) == BitConverter.DoubleToInt64Bits(actual[j]),
                    $"{key}[{j}]: expected {expected[j]:R}, got {actual[j]:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerImageNumbersMatchTheOracle(string dataset, string method)
    {
        var expected = Method(dataset, method).GetProperty("per_image");
        var pair = Measure(dataset, method, MatlabColon.Octave);
        var check = new Checker();
        for (var i = 0; i < pair.Keys.Count; i++)
        {
            var key = pair.Keys[i];
            var want = expected.GetProperty(key);
            var image = pair.Images[i];
            var f = MatlabReduction.MaxAndMean(image.FCurve());
            var e = MatlabReduction.MaxAndMean(image.ECurve());
            check.Near($"{key} Sm", Number(want, "Sm"), image.SMeasure);
            check.Near($"{key} MAE", Number(want, "MAE"), image.Mae);
            check.Near($"{key} adpFm", Number(want, "adpFm"), image.AdaptiveF);
            check.Near($"{key} adpEm", Number(want, "adpEm"), image.AdaptiveE);
            check.Near($"{key} adaptive_threshold", Number(want, "adaptive_threshold"), image.AdaptiveThreshold);
            check.Near($"{key} maxFm_of_image_curve", Number(want, "maxFm_of_image_curve"), f.Max);
            check.Near($"{key} meanFm_of_image_curve", Number(want, "meanFm_of_image_curve"), f.Mean);
            check.Near($"{key} maxEm_of_image_curve", Number(want, "maxEm_of_image_curve"), e.Max);
            check.Near($"{key} meanEm_of_image_curve", Number(want, "meanEm_of_image_curve"), e.Mean);

            // Inputs and normalisation exactly: these decide every threshold tie.
            check.Exact($"{key} map_min", Number(want, "map_min"), image.MapMinimum);
            check.Exact($"{key} map_max", Number(want, "map_max"), image.MapMaximum);
            check.Exact($"{key} p_max_after_mapminmax", Number(want, "p_max_after_mapminmax"), image.NormalisedMaximum);
            check.Exact($"{key} gt_fg_pixels", want.GetProperty("gt_fg_pixels").GetInt32(), image.ForegroundCount);
            check.Exact($"{key} num_pixels", want.GetProperty("num_pixels").GetInt32(), image.PixelCount);
            Assert.Equal(want.GetProperty("resized").GetBoolean(), pair.Resized[i]);
        }

        check.AssertNone(output, $"{dataset}/{method} per image");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerImageCurvesMatchTheOracle(string dataset, string method)
    {
        var pair = Measure(dataset, method, MatlabColon.Octave);
        var check = new Checker();
        var compared = 0;
        foreach (var image in Method(dataset, method).GetProperty("per_image_curves").EnumerateObject())
        {
            var scores = pair.Images[pair.Keys.IndexOf(image.Name)];
            check.Curve($"{image.Name} precision", image.Value.GetProperty("precision"), scores.PrecisionCurve());
            check.Curve($"{image.Name} recall", image.Value.GetProperty("recall"), scores.RecallCurve());
            check.Curve($"{image.Name} fm", image.Value.GetProperty("fm"), scores.FCurve());
            check.Curve($"{image.Name} em", image.Value.GetProperty("em"), scores.ECurve());
            compared++;
        }

        Assert.True(compared > 0, "the oracle lists curves for up to 3 images of every pair");
        check.AssertNone(output, $"{dataset}/{method} per-image curves");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DatasetAndGroupNumbersMatchTheOracle(string dataset, string method)
    {
        var expected = Method(dataset, method);
        var pair = Measure(dataset, method, MatlabColon.Octave);
        var scores = pair.Dataset;
        Assert.Equal(expected.GetProperty("num_images").GetInt32(), pair.Images.Count);
        Assert.Equal(expected.GetProperty("num_groups").GetInt32(), scores.Groups.Count);
        Assert.Equal(expected.GetProperty("groups").EnumerateArray().Select(e => e.GetString()!), pair.GroupNames);
        Assert.False(scores.SingleGroupCollapse);
        Assert.Empty(scores.UndefinedSMeasure);

        var check = new Checker();
        var summary = expected.GetProperty("summary");
        CheckScalars(check, "summary", summary, scores);
        check.Exact("summary Fm.max is the curve maximum", scores.CurveMaxF, scores.MaxF);
        var curves = summary.GetProperty("curves");
        check.Curve("precision", curves.GetProperty("precision"), scores.Precision);
        check.Curve("recall", curves.GetProperty("recall"), scores.Recall);
        check.Curve("fm", curves.GetProperty("fm"), scores.FCurve);
        check.Curve("em", curves.GetProperty("em"), scores.ECurve);

        var perGroup = expected.GetProperty("per_group");
        for (var g = 0; g < scores.Groups.Count; g++)
        {
            var want = perGroup.GetProperty(pair.GroupNames[g]);
            var group = scores.Groups[g];
            var name = pair.GroupNames[g];
            check.Exact($"{name} num_images", want.GetProperty("num_images").GetInt32(), group.ImageCount);
            check.Near($"{name} Sm", Number(want, "Sm"), group.SMeasure);
            check.Near($"{name} MAE", Number(want, "MAE"), group.Mae);
            check.Near($"{name} adpFm", Number(want, "adpFm"), group.AdaptiveF);
            check.Near($"{name} adpEm", Number(want, "adpEm"), group.AdaptiveE);
            check.Near($"{name} maxFm", Number(want, "maxFm"), group.MaxF);
            check.Near($"{name} meanFm", Number(want, "meanFm"), group.MeanF);
            check.Near($"{name} maxEm", Number(want, "maxEm"), group.MaxE);
            check.Near($"{name} meanEm", Number(want, "meanEm"), group.MeanE);
        }

        check.AssertNone(output, $"{dataset}/{method} dataset and groups");
    }

    /// <summary>The same run with the thresholds MATLAB's colon builds (the JSON's sensitivity block).</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatlabColonVariantMatchesTheOracleSensitivityRun(string dataset, string method)
    {
        var want = Method(dataset, method).GetProperty("sensitivity").GetProperty("matlab_colon_thresholds");
        var octave = Measure(dataset, method, MatlabColon.Octave).Dataset;
        var matlab = Measure(dataset, method, MatlabColon.Matlab).Dataset;
        var check = new Checker();
        CheckScalars(check, "matlab colon", want, matlab);
        check.AssertNone(output, $"{dataset}/{method} MATLAB colon");

        // Only the curve statistics may move (spec 8.7 item 3); Sm, MAE and the adaptive values cannot.
        Assert.Equal(octave.SMeasure, matlab.SMeasure);
        Assert.Equal(octave.Mae, matlab.Mae);
        Assert.Equal(octave.AdaptiveF, matlab.AdaptiveF);
        Assert.Equal(octave.AdaptiveE, matlab.AdaptiveE);
    }

    private static void CheckScalars(Checker check, string what, JsonElement want, MatlabDatasetScores scores)
    {
        check.Near($"{what} Sm", Number(want, "Sm"), scores.SMeasure);
        check.Near($"{what} MAE", Number(want, "MAE"), scores.Mae);
        check.Near($"{what} Fm.max", want.GetProperty("Fm").GetProperty("max").GetDouble(), scores.MaxF);
        check.Near($"{what} Fm.mean", want.GetProperty("Fm").GetProperty("mean").GetDouble(), scores.MeanF);
        check.Near($"{what} Fm.adp", want.GetProperty("Fm").GetProperty("adp").GetDouble(), scores.AdaptiveF);
        check.Near($"{what} Em.max", want.GetProperty("Em").GetProperty("max").GetDouble(), scores.MaxE);
        check.Near($"{what} Em.mean", want.GetProperty("Em").GetProperty("mean").GetDouble(), scores.MeanE);
        check.Near($"{what} Em.adp", want.GetProperty("Em").GetProperty("adp").GetDouble(), scores.AdaptiveE);
    }

    private static JsonElement Method(string dataset, string method) =>
        Expected.Value.RootElement.GetProperty("datasets").GetProperty(dataset).GetProperty("methods").GetProperty(method);

    /// <summary>NaN is written as null in the oracle.</summary>
    private static double Number(JsonElement parent, string name)
    {
        var value = parent.GetProperty(name);
        return value.ValueKind == JsonValueKind.Null ? double.NaN : value.GetDouble();
    }

    private static Pair Measure(string dataset, string method, MatlabColon colon)
    {
        lock (Pairs)
        {
            if (!Pairs.TryGetValue((dataset, method, colon), out var pair))
            {
                pair = Pair.Build(dataset, method, colon, Method(dataset, method));
                Pairs[(dataset, method, colon)] = pair;
            }

            return pair;
        }
    }

    private static (int Width, int Height, byte[] Pixels) ReadGrey(string path)
    {
        using var image = Image.Load<L8>(path);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return (image.Width, image.Height, pixels);
    }

    private sealed record Pair(
        List<string> Keys, List<MatlabImageScores> Images, List<bool> Resized, List<string> GroupNames,
        MatlabDatasetScores Dataset)
    {
        public static Pair Build(string dataset, string method, MatlabColon colon, JsonElement expected)
        {
            var root = SharedFixtures.SynthPublic;
            var keys = expected.GetProperty("images").EnumerateArray().Select(e => e.GetString()!).ToList();
            var perImage = expected.GetProperty("per_image");
            var images = new List<MatlabImageScores>();
            var resized = new List<bool>();
            var groupNames = new List<string>();
            var groupStarts = new List<int>();
            foreach (var key in keys)
            {
                var slash = key.LastIndexOf('/');
                var (group, stem) = (key[..slash], key[(slash + 1)..]);
                if (groupNames.Count == 0 || groupNames[^1] != group)
                {
                    groupNames.Add(group);
                    groupStarts.Add(images.Count);
                }

                var gt = ReadGrey(Path.Combine(root, "datasets", dataset, "GroundTruth", group, stem + ".png"));
                var original = Path.Combine(root, "predictions", method, dataset, group, stem + ".png");
                var info = Image.Identify(original) ?? throw new InvalidDataException("unreadable " + original);
                var wasResized = info.Width != gt.Width || info.Height != gt.Height;
                var toolboxSaw = perImage.GetProperty(key).GetProperty("resized").GetBoolean()
                    ? Path.Combine(root, "reference", "resized", ResizedRule, method, dataset, group, stem + ".png")
                    : original;
                var map = ReadGrey(toolboxSaw);
                Assert.Equal((gt.Width, gt.Height), (map.Width, map.Height));

                var groundTruth = MatlabGroundTruth.FromGrey(gt.Pixels, gt.Width, gt.Height);
                images.Add(MatlabToolboxMetrics.Measure(map.Pixels, groundTruth, colon));
                resized.Add(wasResized);
            }

            return new Pair(keys, images, resized, groupNames, MatlabReduction.Reduce(images, groupStarts));
        }
    }

    /// <summary>Collects every mismatch (not just the first) and the largest deviation seen.</summary>
    private sealed class Checker
    {
        private readonly List<string> _failures = [];
        private double _largest;
        private string _largestAt = "-";
        private double _largestOutsideE;
        private string _largestOutsideEAt = "-";

        public void Near(string name, double expected, double actual)
        {
            if (double.IsNaN(expected) || double.IsNaN(actual))
            {
                if (!(double.IsNaN(expected) && double.IsNaN(actual)))
                {
                    _failures.Add($"{name}: expected {expected:R}, got {actual:R}");
                }

                return;
            }

            var diff = Math.Abs(actual - expected);
            if (diff > _largest)
            {
                _largest = diff;
                _largestAt = name;
            }

            // E sums four cell terms as count x term where Octave adds per pixel: the one expected rounding gap.
            var isE = name.Contains("Em", StringComparison.Ordinal) || name.Contains(" em", StringComparison.Ordinal)
                || name.StartsWith("em", StringComparison.Ordinal);
            if (!isE && diff > _largestOutsideE)
            {
                _largestOutsideE = diff;
                _largestOutsideEAt = name;
            }

            if (diff > Tolerance)
            {
                _failures.Add($"{name}: expected {expected:R}, got {actual:R} (diff {diff:E2})");
            }
        }

        public void Exact(string name, double expected, double actual)
        {
            if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
            {
                _failures.Add($"{name}: expected exactly {expected:R}, got {actual:R}");
            }
        }

        public void Curve(string name, JsonElement expected, IReadOnlyList<double> actual)
        {
            var want = expected.EnumerateArray().Select(e => e.GetDouble()).ToArray();
            if (want.Length != actual.Count)
            {
                _failures.Add($"{name}: expected {want.Length} points, got {actual.Count}");
                return;
            }

            for (var j = 0; j < want.Length; j++)
            {
                Near($"{name}[{j}]", want[j], actual[j]);
            }
        }

        public void AssertNone(ITestOutputHelper output, string what)
        {
            output.WriteLine($"{what}: largest deviation {_largest:E2} at {_largestAt}; "
                + $"outside E {_largestOutsideE:E2} at {_largestOutsideEAt}");
            Assert.True(_failures.Count == 0, $"{_failures.Count} mismatches:" + Environment.NewLine
                + string.Join(Environment.NewLine, _failures.Take(30)));
        }
    }
}
