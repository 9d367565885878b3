using CoSod.Metrics;

namespace CoSod.Data.Datasets;

/// <summary>
/// Maps computed on demand, one whole group at a time, in place of a folder of saved maps: a model scored live.
/// The evaluation runner asks for a group's maps, scores them, and lets them go.
/// </summary>
public interface ILiveMapSource
{
    /// <summary>The method name the results are reported under.</summary>
    string Method { get; }

    /// <summary>What the report records about the source (model, weights' hash, device, …), in a stable order.</summary>
    IReadOnlyList<KeyValuePair<string, string>> Provenance { get; }

    /// <summary>Which input image stands for each ground-truth image (<see cref="DatasetDiscovery.MatchImages"/>).</summary>
    /// <exception cref="DatasetException">The dataset's input images cannot be found.</exception>
    PredictionSet Match(DatasetGroundTruth groundTruth);

    /// <summary>The maps of every input image of one group, by stem, each at its input image's size.</summary>
    /// <exception cref="Imaging.ImageReadException">An input image of the group cannot be read; the group has no maps.</exception>
    IReadOnlyDictionary<string, GreyMap> PredictGroup(string dataset, string group);
}
