using CoSod.Data.Datasets;

namespace CoSod.Scale;

/// <summary>
/// A real dataset repeated to any size: its ground truths and its first method's maps linked (symbolic links) as
/// <c>gt/Repeated/&lt;group&gt;_rK/&lt;stem&gt;</c>, round K of the original groups, until N pairs, the maps under M method
/// names. The files are the real ones, so decoding and scoring costs are those of the real maps.
/// </summary>
internal static class RepeatedLayout
{
    public static int Run(Arguments arguments)
    {
        var gt = arguments.Text("--gt");
        var pred = arguments.Text("--pred");
        var root = arguments.Text("--out");
        var pairs = arguments.Number("--pairs", 1000);
        var methodCount = arguments.Number("--methods", 1);
        var written = 0;
        var dataset = DatasetDiscovery.DiscoverDatasets(gt)[0];
        var groundTruth = DatasetDiscovery.LoadGroundTruth(gt, dataset);
        var source = DatasetDiscovery.MatchPredictions(groundTruth, pred, DatasetDiscovery.DiscoverMethods(pred)[0]);
        for (var round = 0; written < pairs; round++)
        {
            for (var i = 0; i < groundTruth.Images.Count && written < pairs; i++)
            {
                var image = groundTruth.Images[i];
                var group = $"{image.Group}_r{round}";
                Link(image.Path, Path.Combine(root, "gt", "Repeated", group, Path.GetFileName(image.Path)));
                if (source.Paths[i] is { } map)
                {
                    for (var m = 0; m < methodCount; m++)
                    {
                        Link(map, Path.Combine(root, "pred", $"Method{m}", "Repeated", group, Path.GetFileName(map)));
                    }
                }

                written++;
            }
        }

        Console.WriteLine($"linked {written} pairs x {methodCount} method(s) under {root}");
        return 0;
    }

    private static void Link(string target, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            File.CreateSymbolicLink(path, Path.GetFullPath(target));
        }
    }
}
