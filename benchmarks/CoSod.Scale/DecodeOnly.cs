using System.Diagnostics;
using System.Globalization;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;

namespace CoSod.Scale;

/// <summary>
/// Discovery and decoding of every pair 'cosod eval' would score (OpenCV grey rule), each ground truth once, in the
/// runner's order, on the given number of threads; nothing is measured. Prints pairs and pairs per second.
/// </summary>
internal static class DecodeOnly
{
    public static int Run(Arguments arguments)
    {
        var clock = Stopwatch.StartNew();
        var gt = arguments.Text("--gt");
        var pred = arguments.Text("--pred");
        var threads = arguments.Number("--threads", 1);
        var pairs = 0L;
        long checksum = 0;
        foreach (var dataset in DatasetDiscovery.DiscoverDatasets(gt))
        {
            var groundTruth = DatasetDiscovery.LoadGroundTruth(gt, dataset);
            var predictions = DatasetDiscovery.DiscoverMethods(pred)
                .Select(m => DatasetDiscovery.MatchPredictions(groundTruth, pred, m)).ToList();
            Parallel.For(0, groundTruth.Images.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                var mask = GreyImageReader.Read(groundTruth.Images[i].Path, GreyConversion.OpenCv);
                long local = mask.Pixels[0];
                var count = 0;
                foreach (var set in predictions)
                {
                    if (set.Paths[i] is { } path)
                    {
                        local += GreyImageReader.Read(path, GreyConversion.OpenCv).Pixels[0];
                        count++;
                    }
                }

                Interlocked.Add(ref checksum, local);
                Interlocked.Add(ref pairs, count);
            });
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"decoded {pairs} pairs in {seconds:F2} s with {threads} thread(s): {pairs / seconds:F1} pairs/s (checksum {checksum})"));
        return 0;
    }
}
