using CoSod.Data.Datasets;
using CoSod.Data.Imaging;

namespace CoSod.Models.Inference;

/// <summary>What <c>cosod predict</c> did for one dataset.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="ImagesFound">Input images found.</param>
/// <param name="MapsWritten">Maps written (whole groups only).</param>
/// <param name="GroupsFailed">Groups with an unreadable image: none of their maps was written.</param>
/// <param name="Failures">The unreadable images, each naming its file.</param>
/// <param name="Ignored">Files under the dataset that are not input images, with why.</param>
public sealed record DatasetPrediction(
    string Dataset, int ImagesFound, int MapsWritten, IReadOnlyList<string> GroupsFailed,
    IReadOnlyList<ImageReadException> Failures, IReadOnlyList<IgnoredFile> Ignored);

/// <summary>
/// <c>cosod predict</c>: every group of every dataset through the model, maps written in the layout
/// <c>cosod eval</c> reads. A group with an unreadable image gets no maps at all: its other maps would depend on the
/// images the model did see, so they would not be the official maps.
/// </summary>
public static class FolderPrediction
{
    /// <exception cref="DatasetException">A dataset folder cannot be found or holds no image.</exception>
    public static DatasetPrediction Run(
        GroupPredictor predictor, string imagesRoot, string dataset, string outputRoot,
        IProgress<(string Group, int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        var images = DatasetDiscovery.LoadImages(imagesRoot, dataset);
        var written = 0;
        var failedGroups = new List<string>();
        var failures = new List<ImageReadException>();
        for (var g = 0; g < images.Groups.Count; g++)
        {
            cancellation.ThrowIfCancellationRequested();
            var group = images.Groups[g];
            try
            {
                var maps = predictor.Predict(group.Images.Select(i => i.Path).ToList());
                for (var i = 0; i < maps.Count; i++)
                {
                    MapFolder.Write(maps[i], outputRoot, dataset, group.Images[i]);
                    written++;
                }
            }
            catch (ImageReadException e)
            {
                failedGroups.Add(group.Name);
                failures.Add(e);
            }

            progress?.Report((group.Name, g + 1, images.Groups.Count));
        }

        return new DatasetPrediction(dataset, images.Images.Count, written, failedGroups, failures, images.Ignored);
    }
}
