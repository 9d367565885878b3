using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Results;

namespace CoSod.Reports.Gallery;

/// <summary>
/// Reads what a gallery shows: per-image scores from a metrics.json result, and for each picked row the input image
/// (<see cref="RgbImageReader"/>, as <c>cosod predict</c> decodes it), the ground truth and each method's map
/// (<see cref="GreyImageReader"/>, OpenCV's grey rule). Files are found as <c>cosod eval</c> and <c>cosod predict</c>
/// find them (<see cref="DatasetDiscovery"/>); anything missing is a <see cref="GalleryException"/> naming it.
/// </summary>
public static class GalleryInputs
{
    /// <summary>Per method, the per-image values of <paramref name="metric"/> on <paramref name="dataset"/> by key.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Scores(
        EvaluationReport report, string source, string dataset, IReadOnlyList<string> methods, string metric)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(methods);
        var scores = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            var result = report.Results.FirstOrDefault(r => r.Method == method && r.Dataset == dataset)
                ?? throw new GalleryException($"{source}: has no result for method {method} on dataset {dataset}; "
                    + $"it has {string.Join(", ", report.Results.Select(r => r.Method + "/" + r.Dataset))}.");
            if (result.PerImage is not { } images)
            {
                throw new GalleryException($"{source}: {method}/{dataset} has no per-image values; re-run 'cosod eval' with --per-image.");
            }

            if (images.Count > 0 && !images.Any(i => i.Values.Any(v => v.Key == metric)))
            {
                throw new GalleryException($"--metric {metric}: {method}/{dataset} has no per-image {metric}; it has "
                    + string.Join(", ", images.SelectMany(i => i.Values.Select(v => v.Key)).Distinct(StringComparer.Ordinal)) + ".");
            }

            scores[method] = images
                .Select(i => (i.Key, Value: i.Values.FirstOrDefault(v => v.Key == metric).Value))
                .Where(p => p.Value is { } v && double.IsFinite(v))
                .ToDictionary(p => p.Key, p => p.Value!.Value, StringComparer.Ordinal);
        }

        return scores;
    }

    /// <summary>The pictures of each picked row; throws <see cref="GalleryException"/> for a key without image, GT or map.</summary>
    public static IReadOnlyList<GalleryRowImages> Load(
        string imagesRoot, string groundTruthRoot, string predictionRoot, string dataset, IReadOnlyList<string> methods,
        IReadOnlyList<GalleryRow> rows, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scores)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(scores);
        var groundTruth = DatasetDiscovery.LoadGroundTruth(groundTruthRoot, dataset);
        var images = DatasetDiscovery.LoadImages(imagesRoot, dataset);
        var predictions = methods.Select(m => DatasetDiscovery.MatchPredictions(groundTruth, predictionRoot, m)).ToList();
        var index = groundTruth.Images.Select((image, i) => (image.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        var loaded = new List<GalleryRowImages>();
        foreach (var row in rows)
        {
            if (!index.TryGetValue(row.Key, out var i))
            {
                throw new GalleryException($"{groundTruth.GroupRoot}: no ground truth for {row.Key} in {dataset}; name images as group/stem.");
            }

            var input = images.Images.FirstOrDefault(image => image.Key == row.Key)
                ?? throw new GalleryException($"{images.GroupRoot}: no input image for {row.Key}; the gallery needs every picked image (--images).");
            var maps = new List<Metrics.GreyMap>();
            for (var m = 0; m < methods.Count; m++)
            {
                var path = predictions[m].Paths[i]
                    ?? throw new GalleryException($"{predictions[m].Folder}: {methods[m]} has no map for {row.Key}; pick another image or add the map.");
                maps.Add(GreyImageReader.Read(path, GreyConversion.OpenCv));
            }

            var rowScores = methods.Select(m => scores.TryGetValue(m, out var s) && s.TryGetValue(row.Key, out var v) ? v : (double?)null).ToList();
            loaded.Add(new GalleryRowImages(row.Key, RgbImageReader.Read(input.Path), GreyImageReader.Read(groundTruth.Images[i].Path, GreyConversion.OpenCv), maps, rowScores));
        }

        return loaded;
    }
}
