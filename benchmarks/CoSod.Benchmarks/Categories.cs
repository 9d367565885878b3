namespace CoSod.Benchmarks;

/// <summary>[BenchmarkCategory] names: filter with --anyCategories; ratios are taken within a category.</summary>
internal static class Categories
{
    /// <summary>Profile A (the default): PySODMetrics 1.6.2 on decoded arrays.</summary>
    public const string PySodKernels = "PySodKernels";

    /// <summary>The extended pysodmetrics families built on confusion counts (FmeasureV2, MSIoU, size-invariant).</summary>
    public const string PySodCountFamilies = "PySodCountFamilies";

    /// <summary>Profile B: eval-co-sod's float32 metrics on decoded arrays.</summary>
    public const string EvalCoSodKernels = "EvalCoSodKernels";

    /// <summary>EvaluationRunner.Run over PNG files, PySODMetrics profile, one thread.</summary>
    public const string EndToEnd = "EndToEnd";

    /// <summary>GreyImageReader.Read of the same PNG files, nothing else.</summary>
    public const string Decoding = "Decoding";

    /// <summary>One forward pass of a network over one group (ModelLatency): the unit is a group, not a pair.</summary>
    public const string ModelLatency = "ModelLatency";

    /// <summary>A model input made from a JPEG file (ModelPreprocessing): the unit is an image, not a pair.</summary>
    public const string Preprocessing = "Preprocessing";

    /// <summary>Categories whose benchmarks score no image pairs, so the Pairs/s column means nothing for them.</summary>
    public static IReadOnlyList<string> WithoutPairs { get; } = [ModelLatency, Preprocessing];
}
