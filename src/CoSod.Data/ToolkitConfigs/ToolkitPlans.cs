using CoSod.Data.Datasets;

namespace CoSod.Data.ToolkitConfigs;

/// <summary>The evaluation a pair of PySODEvalToolkit JSON files describes, and what it leaves out.</summary>
/// <param name="Plans">One per dataset, each method's predictions aligned with the dataset's ground truth.</param>
/// <param name="Notes">Pairs the JSON gives no folder for (not evaluated, as the toolkit skips them) and listing remarks.</param>
public sealed record ToolkitEvaluation(IReadOnlyList<DatasetPlan> Plans, IReadOnlyList<string> Notes);

/// <summary>
/// Builds what to score from PySODEvalToolkit configs, as metrics/image_metrics.py (flat: the files of one folder per
/// dataset) and metrics/video_metrics.py (grouped: its sub-folders, the toolkit's <c>--data-type video</c>) pair them:
/// a ground-truth name is scored where the method has a file of that name, and the scored set is the sorted
/// intersection. Unlike the toolkit, a ground-truth name without a prediction is listed as missing rather than
/// dropped in silence, and a method entry whose files match nothing says what its folder holds.
/// </summary>
public static class ToolkitPlans
{
    private const int Shown = 3;

    /// <param name="datasets">The chosen datasets, in order.</param>
    /// <param name="methods">The chosen methods, in order.</param>
    /// <param name="grouped">Group sub-folders (group mean) rather than one flat folder per dataset (image mean).</param>
    /// <param name="datasetJson">The dataset JSON, for messages.</param>
    /// <param name="methodJson">The method JSON file(s), for messages.</param>
    /// <exception cref="ToolkitConfigException">A folder is missing, an index file is unusable, or a dataset has no mask.</exception>
    public static ToolkitEvaluation Build(
        IReadOnlyList<ToolkitDataset> datasets, IReadOnlyList<ToolkitMethod> methods, bool grouped, string datasetJson, string methodJson)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(methods);
        var plans = new List<DatasetPlan>();
        var notes = new List<string>();
        foreach (var dataset in datasets)
        {
            var where = $"{datasetJson}: dataset \"{dataset.Name}\" mask";
            ToolkitListing.Listing masks;
            if (dataset.IndexFile is { } index)
            {
                if (grouped)
                {
                    throw new ToolkitConfigException($"{datasetJson}: dataset \"{dataset.Name}\" has an index_file, which the grouped mode "
                        + "(--aggregate group-mean, the toolkit's --data-type video) does not read (PySODEvalToolkit raises NotImplementedError). "
                        + "Remove it, or evaluate with --aggregate image-mean.");
                }

                _ = ToolkitListing.Folder(dataset.Mask, grouped: false, where);
                masks = ToolkitListing.Index(index, dataset.Mask, $"{datasetJson}: dataset \"{dataset.Name}\"");
            }
            else
            {
                masks = ToolkitListing.Folder(dataset.Mask, grouped, where);
            }

            if (masks.Images.Count == 0)
            {
                throw new ToolkitConfigException($"{where}: no ground truth in {dataset.Mask.Path} matches {Pattern(dataset.Mask)}"
                    + Seen(masks.Ignored) + (grouped ? " The grouped mode reads <path>/<group>/<file>." : " The image mode reads <path>/<file>.")
                    + " (PySODEvalToolkit stops here too: \"there is not ground truth\").");
            }

            notes.AddRange(masks.Notes);
            var images = masks.Images.Values.ToList();
            var groundTruth = new DatasetGroundTruth(dataset.Name, dataset.Mask.FullPath, images, masks.Ignored);
            var predictions = new List<PredictionSet>();
            foreach (var method in methods)
            {
                if (method.For(dataset.Name) is not { } files)
                {
                    notes.Add($"{methodJson}: method \"{method.Name}\" has no entry for dataset \"{dataset.Name}\": not evaluated "
                        + "(PySODEvalToolkit skips it too)");
                    continue;
                }

                predictions.Add(Match(groundTruth, method.Name, files, grouped, $"{methodJson}: method \"{method.Name}\", dataset \"{dataset.Name}\"", notes));
            }

            plans.Add(new DatasetPlan(groundTruth, predictions));
        }

        return new ToolkitEvaluation(plans, notes);
    }

    private static PredictionSet Match(
        DatasetGroundTruth groundTruth, string method, ToolkitFiles files, bool grouped, string where, List<string> notes)
    {
        var listing = ToolkitListing.Folder(files, grouped, where);
        notes.AddRange(listing.Notes);
        var paths = new string?[groundTruth.Images.Count];
        var missing = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Length; i++)
        {
            var key = groundTruth.Images[i].Key;
            keys.Add(key);
            if (listing.Images.TryGetValue(key, out var image))
            {
                paths[i] = image.Path;
            }
            else
            {
                missing.Add(key);
            }
        }

        var ignored = listing.Ignored
            .Concat(listing.Images.Values.Where(i => !keys.Contains(i.Key))
                .Select(i => new IgnoredFile(Relative(files.FullPath, i.Path), "no ground truth with this name")))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        var setNotes = new List<string>();
        if (missing.Count == paths.Length)
        {
            var first = groundTruth.Images[0];
            setNotes.Add($"{where}: no file in {files.Path} matches a ground-truth name: ground truth '{first.Key}' needs "
                + $"{(grouped ? first.Group + "/" : string.Empty)}{files.FileOf(first.Stem)}"
                + (listing.Images.Count > 0 ? $", and the names found there are {string.Join(", ", listing.Images.Keys.Take(Shown))}" : string.Empty)
                + Seen(listing.Ignored).TrimEnd('.'));
        }

        return new PredictionSet(method, files.FullPath, true, paths, missing, ignored, setNotes);
    }

    private static string Pattern(ToolkitFiles files) => $"'{files.Prefix}<name>{files.Suffix}'";

    private static string Seen(List<IgnoredFile> ignored) =>
        ignored.Count == 0 ? "." : $"; it holds {string.Join(", ", ignored.Take(Shown).Select(f => $"{f.RelativePath} ({f.Reason})"))}"
            + (ignored.Count > Shown ? $", ... ({ignored.Count} not taken)." : ".");

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
