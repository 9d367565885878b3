using CoSod.Scale;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Scale;

/// <summary>
/// The 2,015 real CoSal2015 prediction maps of ../shared (zs-cosod-a2s-cosal2015-preds, ~470x355, up to 6 MP) as one
/// method, scored against ground truths made from the maps themselves (<see cref="RealMasks"/>: Gaussian blur, sigma
/// 4, thresholded at 110), as issue 15 measured it. Built once per test class in a temporary folder.
/// </summary>
public sealed class RealMapsDataset : IDisposable
{
    private readonly TempTree _tree = new();

    public RealMapsDataset()
    {
        if (SharedFixtures.Available || SharedFixtures.Required)
        {
            var maps = Path.Combine(SharedFixtures.Real, "zs-cosod-a2s-cosal2015-preds", "A2S-v2", "result", "CoSal2015", "ssim", "final");
            Count = RealMasks.Write(maps, _tree.Root, "CoSal2015", "A2S");
        }
    }

    public string GroundTruth => _tree.PathOf("gt");

    public string Predictions => _tree.PathOf("pred");

    public int Count { get; }

    public string PathOf(string relative) => _tree.PathOf(relative);

    public void Dispose() => _tree.Dispose();
}
