using CoSod.Evaluation.Results;
using CoSod.Metrics.PySod;
using CoSod.Metrics.PySod.Context;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>Context measure (PySODMetrics <c>ContextMeasure</c>, beta^2 1, alpha 6): the mean over images.</summary>
public sealed class ContextMeasureFamily : PySodScalarFamily
{
    public override string Name => "cm";

    protected override string Key => "cm";

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.ContextMeasure;

    public override double Measure(PySodPair pair) => ContextMeasure.Context(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) =>
        MaeFamily.Single(Key, PySodMeans.Scalar(input.Images, input.GroupStarts, Grouped(input)));
}

/// <summary>
/// Camouflage context measure (PySODMetrics <c>CamouflageContextMeasure</c>, beta^2 1.2, alpha 6, gamma 8, lambda 20):
/// needs each ground truth's RGB image (<c>--images</c>). An image without one, or one PySODMetrics cannot score (a
/// side shorter than 5 pixels: its patch grid raises), is undefined: listed, left out of the mean, and noted.
/// </summary>
public sealed class CamouflageContextMeasureFamily : PySodScalarFamily
{
    /// <summary>What the family needs beyond the maps, as the command line names it.</summary>
    public const string ImagesRequirement = "--images";

    public override string Name => "ccm";

    protected override string Key => "ccm";

    public override PySodGroundTruthWork Needs => PySodGroundTruthWork.ContextMeasure | PySodGroundTruthWork.CamouflageDegree;

    public override double Measure(PySodPair pair) => ContextMeasure.Camouflage(pair);

    public override DatasetMetrics Reduce(ReductionInput<double> input) => MeanOfDefined(input, count =>
        $"ccm is undefined on {count} image(s): no RGB image was found for it under --images, or a side "
        + "is shorter than 5 pixels (PySODMetrics 1.6.2 raises a ValueError in its 7x7 patch grid); the dataset "
        + "ccm is the mean over the others");
}
