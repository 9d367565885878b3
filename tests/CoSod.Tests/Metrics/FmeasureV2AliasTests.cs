using CoSod.Data.Imaging;
using CoSod.Metrics.PySod;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Metrics;

/// <summary>
/// maxfm, meanfm and adpfm are written once, as Fm.max, Fm.mean and Fm.adp: that is right only if FmeasureV2's fm
/// handler is the classic F-measure bit for bit (PySODMetrics' test asserts adpFm == adpfm and so on), checked here on
/// every pair of the bundled sample. The dataset reductions of both are then the same code on the same doubles.
/// </summary>
public sealed class FmeasureV2AliasTests
{
    [Fact]
    public void The_fm_handler_curve_and_adaptive_value_are_the_classic_F_measures_doubles()
    {
        var pairs = 0;
        Span<double> curves = stackalloc double[ConfusionHandlers.Count * PySodConstants.Levels];
        foreach (var gtPath in Directory.GetFiles(Path.Combine(SharedFixtures.SynthPublic, "datasets"), "*.png", SearchOption.AllDirectories))
        {
            var groundTruth = GreyImageReader.Read(gtPath, GreyConversion.OpenCv);
            var truth = PySodGroundTruth.Create(groundTruth.Pixels, groundTruth.Width, groundTruth.Height, PySodGroundTruthWork.None);
            var relative = Path.GetRelativePath(Path.Combine(SharedFixtures.SynthPublic, "datasets"), gtPath).Split(Path.DirectorySeparatorChar);
            foreach (var method in new[] { "Degenerate", "NearBinary", "Noisy", "SoftBlur" })
            {
                var predictionPath = Path.Combine(SharedFixtures.SynthPublic, "predictions", method, relative[0], relative[2], relative[3]);
                if (!File.Exists(predictionPath))
                {
                    continue;
                }

                var prediction = GreyImageReader.Read(predictionPath, GreyConversion.OpenCv);
                if (!prediction.SameSizeAs(groundTruth))
                {
                    continue;
                }

                var counts = new PySodPair(prediction.Pixels, truth).Counts;
                counts.HandlerCurves(curves);
                for (var t = 0; t < PySodConstants.Levels; t++)
                {
                    Assert.Equal(counts.FMeasure(t), curves[((int)ConfusionHandler.FMeasure * PySodConstants.Levels) + t]);
                    Assert.Equal(counts.Precision(t), curves[((int)ConfusionHandler.Precision * PySodConstants.Levels) + t]);
                    Assert.Equal(counts.Recall(t), curves[((int)ConfusionHandler.Recall * PySodConstants.Levels) + t]);
                }

                Assert.Equal(counts.AdaptiveF, ConfusionHandlers.Value(ConfusionHandler.FMeasure, counts.Adaptive));
                pairs++;
            }
        }

        Assert.True(pairs > 100, $"{pairs} pairs checked");
    }
}
