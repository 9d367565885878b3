using System.Globalization;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Data.Resampling;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Results;
using CoSod.Metrics.Matlab;

namespace CoSod.Evaluation.Profiles;

/// <summary>
/// The official CoSOD MATLAB toolbox (CoSalBenchmark-EvaluationTools, D.-P. Fan; CoEGNet 143e45a) as GNU Octave
/// 7.3 runs it, which is how its oracle was produced (metrics-spec.md section 8): MATLAB imread classes (palette
/// PNGs as indices), a map of another size resized with Octave's bicubic imresize, mapminmax, 256 thresholds from
/// <c>1:-1/255:0</c>, F with &gt;= and E with &gt;, per-group means then the mean over groups.
/// </summary>
/// <remarks>
/// Where the toolbox stops (an orphan map) or drops files silently (JPEG maps, missing maps), we compute what it
/// computes on the files it would use and say what it would have done in the result's notes. Input files are
/// never modified (the toolbox writes resized maps back over the method's files).
/// </remarks>
public sealed class CosodMatlabProfile : EvaluationProfile<MatlabImage, MatlabGroundTruth, MatlabPair>
{
    public const string ProfileName = "cosod-matlab";

    private const string PngOnly = "the MATLAB toolbox reads only *.png maps (dir(<group>/*.png)), so it never scores this one";

    public CosodMatlabProfile(MatlabColon colon = MatlabColon.Octave)
    {
        Colon = colon;
        ThresholdFractions = [.. MatlabThresholds.Ascending(colon)];
        TypedFamilies = [new ToolboxFamily(colon)];
    }

    /// <summary>The oracle's variant: Octave's threshold doubles.</summary>
    public static CosodMatlabProfile Instance { get; } = new();

    /// <summary>Which construction of <c>1:-1/255:0</c> gives the threshold doubles.</summary>
    public MatlabColon Colon { get; }

    private double[] ThresholdFractions { get; }

    public override string Name => ProfileName;

    public override string Description =>
        "the official CoSOD MATLAB toolbox (CoSalBenchmark-EvaluationTools) as GNU Octave 7.3 runs it: group mean, "
        + "mapminmax, F >= t and E > t";

    public override string ResizeRule =>
        "Octave imresize bicubic (octave-image 2.14) to the ground-truth size; unlike the toolbox, the map file is not overwritten";

    public override IReadOnlyList<Aggregation> Aggregations { get; } = [Aggregation.GroupMean];

    public override IEnumerable<KeyValuePair<string, string>> Options =>
    [
        new("grey", "matlab-imread-classes"),
        new("resize", "octave-imresize-bicubic"),
        new("gt_threshold", ">128 (logical masks as is)"),
        new("matlab_thresholds", Colon == MatlabColon.Matlab ? "true" : "false"),
        new("thresholds", Colon == MatlabColon.Matlab ? "256 (1:-1/255:0, MATLAB's colon)" : "256 (1:-1/255:0, Octave's colon)"),
    ];

    public override IReadOnlyList<MetricFamily<MatlabPair>> TypedFamilies { get; }

    public override MatlabImage Read(string path, ImageLimits limits) => MatlabImageReader.Read(path, limits);

    public override MatlabImage FromMap(CoSod.Metrics.GreyMap map) => MatlabImageReader.FromGrey(map);

    public override IReadOnlyList<KeyValuePair<string, double[]>> LeadingCurves(MetricSelection selection) =>
        [new("thresholds", ThresholdFractions)];

    public override string? SkipReason(string predictionPath) =>
        string.Equals(Path.GetExtension(predictionPath), ".png", StringComparison.Ordinal) ? null : PngOnly;

    public override MatlabGroundTruth Prepare(MatlabImage image, PreparationContext context)
    {
        var n = image.Width * image.Height;
        var mask = new bool[n];
        if (image.Class == MatlabClass.Logical)
        {
            var plane = image.PlaneSamples[0];
            for (var i = 0; i < n; i++)
            {
                mask[i] = plane[i] != 0;
            }
        }
        else
        {
            var plane = image.Planes == 3 ? RgbToGray(image) : image.PlaneSamples[0];
            for (var i = 0; i < n; i++)
            {
                // gt(:,:,1) > 128 on the raw samples, for uint16 too.
                mask[i] = plane[i] > 128;
            }
        }

        return MatlabGroundTruth.Create(mask, image.Width, image.Height);
    }

    public override MatlabPair Pair(MatlabGroundTruth groundTruth, MatlabImage map, Aggregation aggregation, out bool resized)
    {
        resized = map.Width != groundTruth.Width || map.Height != groundTruth.Height;

        // Only the first plane is ever used (an RGB map is judged by its red channel), and imresize works per
        // plane, so resizing plane 1 alone gives the toolbox's values.
        var plane = map.PlaneSamples[0];
        var n = groundTruth.PixelCount;
        int width = groundTruth.Width, height = groundTruth.Height;
        double[] values;
        switch (map.Class)
        {
            case MatlabClass.UInt16:
            {
                var samples = plane;
                if (resized)
                {
                    samples = new ushort[n];
                    OctaveBicubicResize.Resize(plane, map.Width, map.Height, samples, groundTruth.Width, groundTruth.Height);
                }

                values = MatlabToolboxMetrics.Im2DoubleColumnMajor(samples, width, height);
                break;
            }

            default:
            {
                // uint8 samples; a logical map becomes 0/1 (resized, as an approximation, as 0/255 uint8).
                var logical = map.Class == MatlabClass.Logical;
                var bytes = new byte[plane.Length];
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = logical ? (byte)(plane[i] != 0 ? 255 : 0) : (byte)plane[i];
                }

                if (resized)
                {
                    var target = new byte[n];
                    OctaveBicubicResize.Resize(bytes, map.Width, map.Height, target, groundTruth.Width, groundTruth.Height);
                    bytes = target;
                }

                values = MatlabToolboxMetrics.Im2DoubleColumnMajor(bytes, width, height);
                break;
            }
        }

        return new MatlabPair(values, groundTruth);
    }

    public override IEnumerable<string> InputNotes(DatasetGroundTruth groundTruth, PredictionSet predictions)
    {
        foreach (var stray in groundTruth.Ignored.Where(f => f.Reason == "file outside any group folder"))
        {
            yield return $"the toolbox would take '{stray.RelativePath}' at the ground-truth root for a group with no maps, "
                + "which makes every dataset number NaN; it is listed and not taken for a group";
        }

        foreach (var group in groundTruth.Groups.Where(g => string.CompareOrdinal(g, ".") < 0))
        {
            yield return $"the toolbox drops the first two entries of the ground-truth listing (taking them for . and ..); "
                + $"group '{group}' sorts before '.', so the toolbox would drop a real group";
        }

        foreach (var orphan in predictions.Ignored.Where(f => f.Reason == "no ground truth with this stem"
            && string.Equals(Path.GetExtension(f.RelativePath), ".png", StringComparison.Ordinal)))
        {
            yield return $"the toolbox would stop at the orphan map '{orphan.RelativePath}' (imread of its missing ground truth "
                + "fails) and report nothing for this method and those after it; it is listed and the run goes on";
        }
    }

    /// <summary>MATLAB rgb2gray: round half away from zero of 0.298936021293775 R + 0.587043074451121 G + 0.114020904255103 B.</summary>
    internal static ushort[] RgbToGray(MatlabImage image)
    {
        var (r, g, b) = (image.PlaneSamples[0], image.PlaneSamples[1], image.PlaneSamples[2]);
        var grey = new ushort[r.Length];
        for (var i = 0; i < grey.Length; i++)
        {
            var value = (0.298936021293775 * r[i]) + (0.587043074451121 * g[i]) + (0.114020904255103 * b[i]);
            grey[i] = (ushort)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, image.ClassMax);
        }

        return grey;
    }

    /// <summary>Everything the toolbox's main.m computes, as one family: it computes it in one pass per image.</summary>
    private sealed class ToolboxFamily(MatlabColon colon) : MetricFamily<MatlabPair, MatlabImageScores>
    {
        public override string Name => "cosod-matlab";

        public override IReadOnlyList<string> ScalarKeys { get; } = ["Sm", "MAE", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp"];

        public override IReadOnlyList<string> CurveKeys { get; } = ["precision", "recall", "fm", "em"];

        public override IReadOnlyList<string> PerImageKeys { get; } = ["Sm", "MAE", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp"];

        public override MatlabImageScores Measure(MatlabPair pair) => MatlabToolboxMetrics.MeasureColumnMajor(pair.ColumnMajorValues, pair.GroundTruth, colon);

        public override DatasetMetrics Reduce(ReductionInput<MatlabImageScores> input)
        {
            var keys = input.Keys;
            var dataset = MatlabReduction.Reduce(input.Images, input.GroupStarts);
            var undefined = new Dictionary<string, IReadOnlyList<string>>();
            var notes = new List<string>();
            if (dataset.SingleGroupCollapse)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"one group only: like the toolbox (MATLAB's mean over a 1 x 256 row), Fm.max = Fm.mean = {dataset.MaxF:R} and "
                    + $"Em.max = Em.mean = {dataset.MaxE:R}; the true curve maxima are Fm {dataset.CurveMaxF:R} and Em {dataset.CurveMaxE:R}"));
            }

            if (dataset.UndefinedSMeasure.Count > 0)
            {
                undefined["Sm"] = dataset.UndefinedSMeasure.Select(i => keys[i]).ToList();
                notes.Add($"Sm is undefined (an empty S-measure block; the toolbox would report NaN for the dataset) on "
                    + $"{dataset.UndefinedSMeasure.Count} image(s); they are left out of the Sm means");
            }

            return new DatasetMetrics(
                [
                    new("Sm", double.IsNaN(dataset.SMeasure) ? null : dataset.SMeasure),
                    new("MAE", dataset.Mae),
                    new("Fm.max", dataset.MaxF),
                    new("Fm.mean", dataset.MeanF),
                    new("Fm.adp", dataset.AdaptiveF),
                    new("Em.max", dataset.MaxE),
                    new("Em.mean", dataset.MeanE),
                    new("Em.adp", dataset.AdaptiveE),
                ],
                [
                    new("precision", dataset.Precision),
                    new("recall", dataset.Recall),
                    new("fm", dataset.FCurve),
                    new("em", dataset.ECurve),
                ],
                undefined,
                notes);
        }

        public override IEnumerable<KeyValuePair<string, double?>> PerImageValues(MatlabImageScores s)
        {
            var (maxF, meanF) = MatlabReduction.MaxAndMean(s.FCurve());
            var (maxE, meanE) = MatlabReduction.MaxAndMean(s.ECurve());
            return
            [
                new("Sm", double.IsNaN(s.SMeasure) ? null : s.SMeasure),
                new("MAE", s.Mae),
                new("Fm.max", maxF),
                new("Fm.mean", meanF),
                new("Fm.adp", s.AdaptiveF),
                new("Em.max", maxE),
                new("Em.mean", meanE),
                new("Em.adp", s.AdaptiveE),
            ];
        }

        public override void Write(BinaryWriter w, MatlabImageScores s)
        {
            w.Write((int)s.Colon);
            w.Write(s.PixelCount);
            w.Write(s.ForegroundCount);
            ScoreSerialization.WriteInts(w, s.SelectedAtLeast);
            ScoreSerialization.WriteInts(w, s.TruePositivesAtLeast);
            ScoreSerialization.WriteInts(w, s.SelectedAbove);
            ScoreSerialization.WriteInts(w, s.TruePositivesAbove);
            w.Write(s.SMeasure);
            w.Write(s.Mae);
            w.Write(s.AdaptiveF);
            w.Write(s.AdaptiveE);
            w.Write(s.AdaptiveThreshold);
            w.Write(s.MapMinimum);
            w.Write(s.MapMaximum);
            w.Write(s.NormalisedMaximum);
        }

        public override MatlabImageScores Read(BinaryReader r)
        {
            var stored = (MatlabColon)r.ReadInt32();
            if (stored != colon)
            {
                throw new InvalidDataException($"counts taken at the {stored} thresholds, not the {colon} ones");
            }

            var pixelCount = r.ReadInt32();
            var foregroundCount = r.ReadInt32();
            var selectedAtLeast = ScoreSerialization.ReadInts(r, MatlabConstants.ThresholdCount);
            var truePositivesAtLeast = ScoreSerialization.ReadInts(r, MatlabConstants.ThresholdCount);
            var selectedAbove = ScoreSerialization.ReadInts(r, MatlabConstants.ThresholdCount);
            var truePositivesAbove = ScoreSerialization.ReadInts(r, MatlabConstants.ThresholdCount);
            var sMeasure = r.ReadDouble();
            var mae = r.ReadDouble();
            var adaptiveF = r.ReadDouble();
            var adaptiveE = r.ReadDouble();
            var adaptiveThreshold = r.ReadDouble();
            var mapMinimum = r.ReadDouble();
            var mapMaximum = r.ReadDouble();
            var normalisedMaximum = r.ReadDouble();
            return MatlabImageScores.Restore(
                stored, pixelCount, foregroundCount, selectedAtLeast, truePositivesAtLeast, selectedAbove, truePositivesAbove,
                sMeasure, mae, adaptiveF, adaptiveE, adaptiveThreshold, mapMinimum, mapMaximum, normalisedMaximum);
        }
    }
}

/// <summary>
/// A prediction as the toolbox holds it (im2double of its first plane, resized, column-major as Octave stores it)
/// against the prepared ground truth. The toolbox family normalises the values in place: one measurement per pair.
/// </summary>
public sealed record MatlabPair(double[] ColumnMajorValues, MatlabGroundTruth GroundTruth);
