using System.Reflection;
using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;

namespace CoSod.Evaluation.Running;

/// <summary>
/// Scores every method on every dataset. Each ground truth is decoded and prepared once and every method's
/// map for it is scored against it; images run in parallel into a pre-sized array and are reduced
/// sequentially in ordinal group/stem order, so the numbers are bit-identical whatever the thread count.
/// </summary>
public static class EvaluationRunner
{
    public static string ToolVersion { get; } =
        typeof(EvaluationRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";

    /// <exception cref="DatasetException">A root, dataset or method folder is unusable.</exception>
    /// <exception cref="UnreadableInputException">Files that cannot be decoded; nothing is returned.</exception>
    public static EvaluationReport Run(
        EvaluationRequest request, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var profile = request.Profile;
        var aggregation = request.Aggregation ?? profile.DefaultAggregation;
        if (!profile.Aggregations.Contains(aggregation))
        {
            throw new ArgumentException(
                $"Profile {profile.Name} does not support --aggregate {aggregation.ToName()}; it supports "
                + string.Join(", ", profile.Aggregations.Select(a => a.ToName())) + ".");
        }

        if ((request.PredictionRoot is null) == (request.LiveSource is null))
        {
            throw new ArgumentException("An evaluation scores either a prediction folder or a live source, not both or neither.");
        }

        // --accept-corrupt: the readers record each file decoded despite corrupt data; every result names its own.
        if (request.Limits.AcceptCorrupt && request.Limits.CorruptFiles is null)
        {
            request = request with { Limits = request.Limits with { CorruptFiles = new CorruptFileLog() } };
        }

        var datasets = request.Datasets ?? DatasetDiscovery.DiscoverDatasets(request.GroundTruthRoot);
        var live = request.LiveSource;
        var methods = live is not null ? [] : request.Methods ?? DatasetDiscovery.DiscoverMethods(request.PredictionRoot!);

        // Resolve everything before decoding anything: a wrong name fails in milliseconds.
        var plans = new List<(DatasetGroundTruth GroundTruth, List<PredictionSet> Predictions)>();
        foreach (var dataset in datasets)
        {
            var groundTruth = DatasetDiscovery.LoadGroundTruth(request.GroundTruthRoot, dataset, request.GroundTruthFolder);
            var predictions = live is not null
                ? [live.Match(groundTruth)]
                : methods.Select(m => DatasetDiscovery.MatchPredictions(groundTruth, request.PredictionRoot!, m)).ToList();
            plans.Add((groundTruth, predictions));
        }

        var scope = live is null ? request.Cache?.Scope(profile, request.Limits) : null;
        // Every dataset is scored before unreadable files are reported, so one run lists them all.
        var results = new List<EvaluationResult>();
        var failures = new List<ImageReadException>();
        foreach (var (groundTruth, predictions) in plans)
        {
            results.AddRange(ScoreDataset(
                request, profile, aggregation, groundTruth, predictions, scope, progress, failures, cancellation));
        }

        if (failures.Count > 0)
        {
            throw new UnreadableInputException(failures.OrderBy(f => f.FilePath, StringComparer.Ordinal).ToList());
        }

        var options = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["aggregation"] = aggregation.ToName(),
            ["max_pixels"] = request.Limits.MaxPixels.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["profile"] = profile.Name,
        };
        if (request.GroundTruthFolder is not null)
        {
            options["gt_folder"] = request.GroundTruthFolder;
        }

        if (request.Limits.AcceptCorrupt)
        {
            options["accept_corrupt"] = "true";
        }

        if (request.Bootstrap is { } bootstrap)
        {
            options["bootstrap"] = bootstrap.Describe(aggregation == Aggregation.GroupMean ? "groups" : "images");
        }

        foreach (var (key, value) in profile.Options)
        {
            options[key] = value;
        }

        foreach (var (key, value) in live?.Provenance ?? [])
        {
            options[key] = value;
        }

        return new EvaluationReport
        {
            ToolVersion = ToolVersion,
            Profile = profile.Name,
            Aggregation = aggregation.ToName(),
            Results = results,
            Options = options.ToList(),
        };
    }

    private static List<EvaluationResult> ScoreDataset(
        EvaluationRequest request, EvaluationProfile profile, Aggregation aggregation, DatasetGroundTruth groundTruth,
        List<PredictionSet> predictions, ScoreKeyScope? scope, IProgress<EvaluationProgress>? progress,
        List<ImageReadException> failures, CancellationToken cancellation)
    {
        var count = groundTruth.Images.Count;
        var outcomes = predictions.Select(_ => new ImageOutcome?[count]).ToArray();
        var failuresBefore = failures.Count;
        var live = request.LiveSource;

        // No scope means no cache for this run (none asked for, or live maps, which have no file to key on).
        var cache = scope is null ? null : request.Cache;
        var done = 0;

        // Live maps of the group being scored, by stem; a live source predicts one whole group at a time.
        IReadOnlyDictionary<string, CoSod.Metrics.GreyMap>? groupMaps = null;

        void ScoreImage(int i)
        {
            var image = groundTruth.Images[i];
            var pending = new List<int>(predictions.Count);
            for (var m = 0; m < predictions.Count; m++)
            {
                if (predictions[m].Paths[i] is { } path && profile.SkipReason(path) is null)
                {
                    pending.Add(m);
                }
            }

            if (pending.Count == 0)
            {
                return;
            }

            // With a cache: hash the files, take what is cached, and decode the ground truth only for the rest.
            var keys = new ScoreKey?[predictions.Count];
            var groundTruthHash = cache is not null ? TryHash(image.Path) : null;
            if (groundTruthHash is not null)
            {
                pending = LookUp(i, pending, groundTruthHash, keys);
            }

            if (pending.Count > 0)
            {
                object gt;
                object prepared;
                try
                {
                    gt = profile.ReadGroundTruth(image.Path, request.Limits);
                    prepared = profile.PrepareGroundTruth(gt);
                }
                catch (Exception e) when (AsReadFailure(e, image.Path) is not null)
                {
                    lock (failures)
                    {
                        failures.Add(AsReadFailure(e, image.Path)!);
                    }

                    return;
                }

                try
                {
                    // A ground truth that changed while it was read is scored but not cached under its old hash.
                    if (groundTruthHash is not null && TryHash(image.Path) != groundTruthHash)
                    {
                        Array.Clear(keys);
                    }

                    ScoreMethods(i, gt, prepared, pending, keys);
                }
                finally
                {
                    (prepared as IDisposable)?.Dispose();
                }
            }

            var finished = Interlocked.Increment(ref done);
            progress?.Report(new EvaluationProgress(groundTruth.Name, finished, count));
        }

        List<int> LookUp(int i, List<int> methods, string groundTruthHash, ScoreKey?[] keys)
        {
            var misses = new List<int>(methods.Count);
            foreach (var m in methods)
            {
                if (TryHash(predictions[m].Paths[i]!) is not { } predictionHash)
                {
                    misses.Add(m);
                    continue;
                }

                var key = scope!.For(groundTruthHash, predictionHash);
                if (cache!.TryGet(key, profile, out var cached))
                {
                    outcomes[m][i] = cached;
                }
                else
                {
                    keys[m] = key;
                    misses.Add(m);
                }
            }

            return misses;
        }

        void ScoreMethods(int i, object gt, object prepared, List<int> methods, ScoreKey?[] keys)
        {
            foreach (var m in methods)
            {
                var path = predictions[m].Paths[i]!;
                try
                {
                    var prediction = live is null
                        ? profile.ReadPrediction(path, request.Limits)
                        : profile.PredictionFromMap(groupMaps![groundTruth.Images[i].Stem]);
                    var outcome = profile.Measure(prepared, gt, prediction);
                    outcomes[m][i] = outcome;
                    if (cache is not null)
                    {
                        cache.RecordScored();

                        // Stored only when the map read is still the one hashed (a file replaced mid-run is not cached),
                        // and never for corrupt data scored under --accept-corrupt (a cache hit would lose its note).
                        if (keys[m] is { } key && TryHash(path) == key.PredictionHash
                            && request.Limits.CorruptFiles?.Contains(path) != true
                            && request.Limits.CorruptFiles?.Contains(groundTruth.Images[i].Path) != true)
                        {
                            cache.Store(key, profile, outcome);
                        }
                    }
                }
                catch (Exception e) when (AsReadFailure(e, path) is not null)
                {
                    lock (failures)
                    {
                        failures.Add(AsReadFailure(e, path)!);
                    }
                }
            }
        }

        void ScoreRange(int start, int end)
        {
            if (request.Threads <= 1)
            {
                for (var i = start; i < end; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    ScoreImage(i);
                }
            }
            else
            {
                Parallel.For(
                    start, end,
                    new ParallelOptions { MaxDegreeOfParallelism = request.Threads, CancellationToken = cancellation },
                    ScoreImage);
            }
        }

        if (live is null)
        {
            ScoreRange(0, count);
        }
        else
        {
            // Images are sorted by group, so each group is one contiguous range: predict it, score it, drop its maps.
            var start = 0;
            while (start < count)
            {
                var group = groundTruth.Images[start].Group;
                var end = start;
                while (end < count && string.Equals(groundTruth.Images[end].Group, group, StringComparison.Ordinal))
                {
                    end++;
                }

                cancellation.ThrowIfCancellationRequested();
                if (Enumerable.Range(start, end - start).Any(i => predictions[0].Paths[i] is not null))
                {
                    try
                    {
                        groupMaps = live.PredictGroup(groundTruth.Name, group);
                    }
                    catch (ImageReadException e)
                    {
                        // The group has no maps at all; ScoreImage reports the failures of single files itself.
                        failures.Add(e);
                    }

                    if (groupMaps is not null)
                    {
                        ScoreRange(start, end);
                        groupMaps = null;
                    }
                }

                start = end;
            }
        }

        if (failures.Count > failuresBefore)
        {
            return [];
        }

        return predictions.Select((p, m) => Reduce(request, profile, aggregation, groundTruth, p, outcomes[m])).ToList();
    }

    /// <summary>SHA-256 of a file, or null when it cannot be read (decoding it then reports why, as without a cache).</summary>
    private static string? TryHash(string path)
    {
        try
        {
            return ScoreCache.HashFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static EvaluationResult Reduce(
        EvaluationRequest request, EvaluationProfile profile, Aggregation aggregation, DatasetGroundTruth groundTruth,
        PredictionSet predictions, ImageOutcome?[] outcomes)
    {
        var scored = new List<ImageOutcome>();
        var keys = new List<string>();
        var groupStarts = new List<int>();
        string? previousGroup = null;
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is not { } outcome)
            {
                continue;
            }

            var image = groundTruth.Images[i];
            if (!string.Equals(image.Group, previousGroup, StringComparison.Ordinal))
            {
                groupStarts.Add(scored.Count);
                previousGroup = image.Group;
            }

            scored.Add(outcome);
            keys.Add(image.Key);
        }

        var notes = new List<string>(predictions.Notes);
        notes.AddRange(profile.InputNotes(groundTruth, predictions));
        var skipped = new List<IgnoredFile>();
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (predictions.Paths[i] is { } path && profile.SkipReason(path) is { } reason)
            {
                skipped.Add(new IgnoredFile(groundTruth.Images[i].Key, reason));
            }
        }

        if (skipped.Count > 0)
        {
            notes.Add($"{skipped.Count} prediction(s) are not scored by the {profile.Name} toolbox's own rule "
                + $"(listed in skipped_by_profile): {skipped[0].Reason}");
        }

        if (request.Limits.CorruptFiles is { } corrupt)
        {
            for (var i = 0; i < outcomes.Length; i++)
            {
                foreach (var (path, role) in new[] { (groundTruth.Images[i].Path, "ground truth"), (predictions.Paths[i], "prediction") })
                {
                    if (path is not null && outcomes[i] is not null && corrupt.Find(path) is { } file)
                    {
                        notes.Add($"{groundTruth.Images[i].Key} ({role}) was scored despite corrupt data (--accept-corrupt): {file.Problem}");
                    }
                }
            }
        }

        var resized = keys.Where((_, j) => scored[j].Resized).ToList();
        if (resized.Count > 0)
        {
            notes.Add($"{resized.Count} prediction(s) differ in size from their ground truth and were resized: {profile.ResizeRule}");
        }

        if (predictions.Missing.Count > 0)
        {
            notes.Add($"{predictions.Missing.Count} of {groundTruth.Images.Count} predictions are missing; "
                + "the numbers cover the scored images only");
        }

        if (aggregation == Aggregation.GroupMean)
        {
            var emptyGroups = groundTruth.Groups.Count - groupStarts.Count;
            if (emptyGroups > 0)
            {
                notes.Add($"{emptyGroups} group(s) have no scored image and are left out of the group mean");
            }
        }

        DatasetMetrics? metrics = null;
        IReadOnlyList<KeyValuePair<string, double[]>>? intervals = null;
        if (scored.Count > 0)
        {
            metrics = profile.Reduce(scored, keys, groupStarts, aggregation);
            notes.AddRange(metrics.Notes);
            if (request.Bootstrap is { } bootstrap)
            {
                intervals = BootstrapIntervals(request, bootstrap, profile, aggregation, scored, keys, groupStarts, metrics);
            }
        }

        var ignored = groundTruth.Ignored.Select(f => f with { RelativePath = "(ground truth) " + f.RelativePath })
            .Concat(predictions.Ignored)
            .ToList();

        return new EvaluationResult
        {
            Method = predictions.Method,
            Dataset = groundTruth.Name,
            ImagesExpected = groundTruth.Images.Count,
            ImagesScored = scored.Count,
            MissingPredictions = predictions.Missing,
            IgnoredFiles = ignored,
            SkippedByProfile = skipped,
            ResizedPredictions = resized,
            Metrics = metrics,
            Intervals = intervals,
            PerImage = request.PerImage
                ? scored.Select((o, j) => new ImageValues(keys[j], profile.PerImageValues(o))).ToList()
                : null,
            Notes = notes,
        };
    }

    /// <summary>
    /// Percentile bootstrap of every dataset number: images are resampled (groups under group-mean) and the
    /// profile's own reduction recomputes each number, curve maxima included, from the resampled per-image
    /// results. Replicates run in parallel into a pre-sized array, each from its own seeded generator.
    /// </summary>
    private static IReadOnlyList<KeyValuePair<string, double[]>> BootstrapIntervals(
        EvaluationRequest request, Statistics.BootstrapSettings bootstrap, EvaluationProfile profile, Aggregation aggregation,
        List<ImageOutcome> scored, List<string> keys, List<int> groupStarts, DatasetMetrics metrics)
    {
        var names = metrics.Scalars.Select(s => s.Key).ToArray();
        var replicates = new double[bootstrap.Resamples][];
        Parallel.For(
            0, bootstrap.Resamples, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Threads) },
            r =>
            {
                var images = new List<ImageOutcome>(scored.Count);
                var imageKeys = new List<string>(scored.Count);
                var starts = new List<int>();
                if (aggregation == Aggregation.GroupMean)
                {
                    foreach (var g in bootstrap.Draw(groupStarts.Count, r))
                    {
                        var end = g + 1 < groupStarts.Count ? groupStarts[g + 1] : scored.Count;
                        starts.Add(images.Count);
                        for (var i = groupStarts[g]; i < end; i++)
                        {
                            images.Add(scored[i]);
                            imageKeys.Add(keys[i]);
                        }
                    }
                }
                else
                {
                    starts.Add(0);
                    foreach (var i in bootstrap.Draw(scored.Count, r))
                    {
                        images.Add(scored[i]);
                        imageKeys.Add(keys[i]);
                    }
                }

                var replicate = profile.Reduce(images, imageKeys, starts, aggregation);
                replicates[r] = names.Select(n => replicate[n] ?? double.NaN).ToArray();
            });

        var intervals = new List<KeyValuePair<string, double[]>>();
        for (var m = 0; m < names.Length; m++)
        {
            if (bootstrap.Interval(replicates.Select(x => x[m])) is { } interval)
            {
                intervals.Add(new(names[m], [interval.Low, interval.High]));
            }
        }

        return intervals;
    }

    /// <summary>
    /// Any non-fatal failure on one file becomes an <see cref="ImageReadException"/> naming it, so a bad file is
    /// reported with the others instead of ending the process; cancellation and out-of-memory pass through.
    /// </summary>
    private static ImageReadException? AsReadFailure(Exception e, string path) => e switch
    {
        ImageReadException read => read,
        OperationCanceledException or OutOfMemoryException => null,
        _ => new ImageReadException(path, $"the file cannot be scored ({e.GetType().Name}: {e.Message})",
            "Check the file; re-export it as an 8-bit grey PNG or remove it", e),
    };
}
