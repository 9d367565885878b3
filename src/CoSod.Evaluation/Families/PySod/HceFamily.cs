using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Shape;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>
/// Human correction effort (PySODMetrics <c>HumanCorrectionEffortMeasure</c>, relax 5, epsilon 2.0): the mean over
/// images of each image's integer effort; lower is better. Needs the ground truth's skeleton.
/// </summary>
public sealed class HceFamily : PySodScalarFamily
{
    public override string Name => "HCE";

    protected override string Key => "HCE";

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.Skeleton;

    public override double Measure(PySodPair pair) => HumanCorrectionEffort.Compute(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) =>
        MaeFamily.Single(Key, PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input)));
}
