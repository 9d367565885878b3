using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>S-measure (PySODMetrics <c>Smeasure</c>); undefined (NaN) on images with an empty S-measure block.</summary>
public sealed class SMeasureFamily : PySodScalarFamily
{
    public override string Name => "Sm";

    protected override string Key => "Sm";

    public override double Measure(PySodPair pair) => SMeasure.Compute(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) => MeanOfDefined(input, count =>
        $"Sm is undefined (NaN in PySODMetrics 1.6.2: an S-measure block is empty) on {count} "
        + "image(s); the dataset Sm is the mean over the others");
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
