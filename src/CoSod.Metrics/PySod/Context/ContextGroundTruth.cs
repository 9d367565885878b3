namespace CoSod.Metrics.PySod.Context;

/// <summary>
/// What the context measures derive from a ground truth alone, shared by every method scored against it: the kernel,
/// the float32 relevance map and the object's bounding box; for ccm also the camouflage degree, which needs the
/// RGB image.
/// </summary>
public sealed class ContextGroundTruth
{
    private ContextGroundTruth(ContextKernel kernel, RelevanceMap relevance, ObjectBox box, CamouflageDegree? camouflage)
    {
        Kernel = kernel;
        Relevance = relevance;
        Box = box;
        Camouflage = camouflage;
    }

    public ContextKernel Kernel { get; }

    public RelevanceMap Relevance { get; }

    public ObjectBox Box { get; }

    /// <summary>The camouflage degree (ccm), or null when it was not asked for or no image was given.</summary>
    public CamouflageDegree? Camouflage { get; }

    /// <summary>Kernel and relevance map of a 0/1 mask; with <paramref name="image"/>, the camouflage degree too.</summary>
    public static ContextGroundTruth Of(ReadOnlySpan<byte> mask, int width, int height, ObjectBox box, CamouflageImage? image)
    {
        var kernel = ContextKernel.Of(mask, width, height);
        var relevance = RelevanceMap.Of(mask, width, height, kernel, box);
        var camouflage = image is null ? null : CamouflageDegree.Of(mask, width, height, image);
        return new ContextGroundTruth(kernel, relevance, box, camouflage);
    }
}
