using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Metrics;

namespace CoSod.Models.Inference;

/// <summary>
/// A loaded model as a live source of maps for <c>cosod eval --model</c>: it finds each dataset's input images, and
/// predicts one whole group when the runner asks for it, optionally keeping the maps as PNG files.
/// </summary>
public sealed class ModelMapSource : ILiveMapSource
{
    private readonly LoadedModel model;
    private readonly GroupPredictor predictor;
    private readonly string imagesRoot;
    private readonly string? saveMapsRoot;
    private readonly Dictionary<string, DatasetImages> datasets = new(StringComparer.Ordinal);

    /// <param name="model">The network and its weights.</param>
    /// <param name="predictor">Runs the network on a group.</param>
    /// <param name="imagesRoot">Input images as <c>&lt;root&gt;/&lt;Dataset&gt;/[Image/]&lt;group&gt;/&lt;stem&gt;.jpg</c>.</param>
    /// <param name="saveMapsRoot">Null, or where to keep the maps as <c>&lt;root&gt;/&lt;Dataset&gt;/&lt;group&gt;/&lt;stem&gt;.png</c>.</param>
    public ModelMapSource(LoadedModel model, GroupPredictor predictor, string imagesRoot, string? saveMapsRoot)
    {
        this.model = model;
        this.predictor = predictor;
        this.imagesRoot = imagesRoot;
        this.saveMapsRoot = saveMapsRoot;
    }

    public string Method => model.Description.DisplayName;

    public IReadOnlyList<KeyValuePair<string, string>> Provenance => model.Provenance;

    public PredictionSet Match(DatasetGroundTruth groundTruth)
    {
        var images = DatasetDiscovery.LoadImages(imagesRoot, groundTruth.Name);
        datasets[groundTruth.Name] = images;
        return DatasetDiscovery.MatchImages(groundTruth, images, Method);
    }

    public IReadOnlyDictionary<string, GreyMap> PredictGroup(string dataset, string group)
    {
        var images = datasets[dataset].Groups.First(g => string.Equals(g.Name, group, StringComparison.Ordinal)).Images;
        var maps = predictor.Predict(images.Select(i => i.Path).ToList());
        var byStem = new Dictionary<string, GreyMap>(StringComparer.Ordinal);
        for (var i = 0; i < images.Count; i++)
        {
            byStem[images[i].Stem] = maps[i];
            if (saveMapsRoot is not null)
            {
                MapFolder.Write(maps[i], saveMapsRoot, dataset, images[i]);
            }
        }

        return byStem;
    }
}

/// <summary>Where a predicted map goes: <c>&lt;root&gt;/&lt;Dataset&gt;/&lt;group&gt;/&lt;stem&gt;.png</c>, the layout <c>cosod eval</c> reads.</summary>
public static class MapFolder
{
    private static string PathOf(string root, string dataset, DatasetImage image) =>
        Path.Combine(root, dataset, image.Group, image.Stem + ".png");

    /// <exception cref="IOException">The map cannot be written.</exception>
    public static void Write(GreyMap map, string root, string dataset, DatasetImage image) =>
        GreyPngWriter.Write(map, PathOf(root, dataset, image));
}
