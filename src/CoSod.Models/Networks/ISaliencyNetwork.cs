using static TorchSharp.torch;

namespace CoSod.Models.Networks;

/// <summary>A co-saliency network at inference: one whole group in, one map per image out.</summary>
public interface ISaliencyNetwork : IDisposable
{
    ModelKind Kind { get; }

    /// <summary>The square input side S the official test script resizes to.</summary>
    int InputSize { get; }

    /// <summary>
    /// Maps a group, <c>[N, 3, S, S]</c> ImageNet-normalised float32, to <c>[N, 1, S, S]</c> probabilities in [0, 1]
    /// (no further sigmoid). The group is one batch: group statistics span all N images.
    /// </summary>
    Tensor PredictGroup(Tensor group, IntermediateProbe? probe = null);

    /// <summary>Moves the parameters to a device (<c>cpu</c> or <c>cuda</c>).</summary>
    void MoveTo(Device device);

    /// <summary>
    /// The modules that official checkpoint files load into, one per file: the network itself, and for GICD also its
    /// ImageNet VGG16 co-classifier. Their state_dict keys are the official files' keys.
    /// </summary>
    IReadOnlyList<WeightPart> WeightParts { get; }
}

/// <summary>One checkpoint file's worth of a network.</summary>
/// <param name="Name">What the file is, e.g. "GCoNet+ weights" or "ImageNet VGG16 (vgg16-397923af.pth)".</param>
/// <param name="Module">The module whose state_dict the file must match.</param>
public sealed record WeightPart(string Name, nn.Module Module);
