using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>S-measure (PySODMetrics <c>Smeasure</c>); undefined (NaN) on images with an empty S-measure block.</summary>
public sealed class SMeasureFamily : PySodScalarFamily
{
    public override string Name => "Sm";

    protected override string Key => "Sm";

    public override double Measure(PySodPair pair) => SMeasure.Compute(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input)
    {
        var value = PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input));
        var undefined = new List<string>();
        for (var i = 0; i < input.Images.Count; i++)
        {
            if (double.IsNaN(input.Images[i]))
            {
                undefined.Add(input.Keys[i]);
            }
        }

        var notes = undefined.Count == 0
            ? []
            : new[]
            {
                $"Sm is undefined (NaN in PySODMetrics 1.6.2: an S-measure block is empty) on {undefined.Count} "
                + "image(s); the dataset Sm is the mean over the others",
            };
        return new DatasetMetrics(
            [new(Key, double.IsNaN(value) ? null : value)],
            [],
            undefined.Count == 0 ? new Dictionary<string, IReadOnlyList<string>>() : new() { [Key] = undefined },
            notes);
    }
}

/// <summary>Mean absolute error (PySODMetrics <c>MAE</c>); lower is better.</summary>
public sealed class MaeFamily : PySodScalarFamily
{
    public override string Name => "MAE";

    protected override string Key => "MAE";

    public override double Measure(PySodPair pair) => PySodMetrics.MeanAbsoluteError(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) =>
        Single(Key, PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input)));

    internal static DatasetMetrics Single(string key, double value) =>
        new([new(key, double.IsNaN(value) ? null : value)], [], new Dictionary<string, IReadOnlyList<string>>(), []);
}

/// <summary>Weighted F-measure (PySODMetrics <c>WeightedFmeasure</c>); needs the ground truth's distance transform.</summary>
public sealed class WeightedFFamily : PySodScalarFamily
{
    public override string Name => "wFm";

    protected override string Key => "wFm";

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.DistanceTransform;

    public override double Measure(PySodPair pair) => WeightedFMeasure.Compute(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) =>
        MaeFamily.Single(Key, PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input)));
}
