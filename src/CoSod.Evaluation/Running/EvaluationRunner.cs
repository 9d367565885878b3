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

        if (request.Plans is null && (request.PredictionRoot is null) == (request.LiveSource is null))
        {
            throw new ArgumentException("An evaluation scores either a prediction folder or a live source, not both or neither.");
        }

        // --accept-corrupt: the readers record each file decoded despite corrupt data; every result names its own.
        if (request.Limits.AcceptCorrupt && request.Limits.CorruptFiles is null)
        {
            request = request with { Limits = request.Limits with { CorruptFiles = new CorruptFileLog() } };
        }

        var live = request.LiveSource;

        // Resolve everything before decoding anything: a wrong name fails in milliseconds.
        var plans = EvaluationPlanner.Plan(request);

        var selection = request.Metrics ?? profile.DefaultSelection;
        var cache = live is null && request.Cache is { } store
            ? new CacheUse(store, store.Scope(profile, request.Limits, selection, aggregation))
            : null;

        // Every dataset is scored before unreadable files are reported, so one run lists them all.
        var failures = new List<ImageReadException>();
        var settings = new ScoringSettings(request.Limits, aggregation, selection, cache, failures);
        var results = new List<EvaluationResult>();
        foreach (var (groundTruth, predictions) in plans)
        {
            results.AddRange(ScoreDataset(request, settings, groundTruth, [.. predictions], progress, cancellation));
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

        foreach (var (key, value) in profile.OptionsFor(aggregation))
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
        EvaluationRequest request, ScoringSettings settings, DatasetGroundTruth groundTruth, List<PredictionSet> predictions,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellation)
    {
        var count = groundTruth.Images.Count;
        var failuresBefore = settings.Failures.Count;
        var live = request.LiveSource;
        var scoring = request.Profile.CreateScoring(settings, groundTruth, predictions);
        var done = 0;

        // Live maps of the group being scored, by stem; a live source predicts one whole group at a time.
        IReadOnlyDictionary<string, CoSod.Metrics.GreyMap>? groupMaps = null;
        var imagePaths = request.ImagesRoot is { } imagesRoot ? MatchImages(imagesRoot, groundTruth) : null;

        void ScoreImage(int i)
        {
            if (scoring.ScoreImage(i, groupMaps, imagePaths?[i]))
            {
                var finished = Interlocked.Increment(ref done);
                progress?.Report(new EvaluationProgress(groundTruth.Name, finished, count));
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
                        lock (settings.Failures)
                        {
                            settings.Failures.Add(e);
                        }
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

        if (settings.Failures.Count > failuresBefore)
        {
            return [];
        }

        return predictions.Select((p, m) => Reduce(request, settings, scoring, m, groundTruth, p)).ToList();
    }

    /// <summary>The input image of each ground-truth image (<c>--images</c>, the layout <c>cosod predict</c> reads), or null where none.</summary>
    private static string?[] MatchImages(string imagesRoot, DatasetGroundTruth groundTruth)
    {
        var images = DatasetDiscovery.LoadImages(imagesRoot, groundTruth.Name);
        var byKey = images.Images.ToDictionary(i => i.Key, i => i.Path, StringComparer.Ordinal);
        return groundTruth.Images.Select(i => byKey.GetValueOrDefault(i.Key)).ToArray();
    }

    private static EvaluationResult Reduce(
        EvaluationRequest request, ScoringSettings settings, DatasetScoring scoring, int method, DatasetGroundTruth groundTruth,
        PredictionSet predictions)
    {
        var profile = request.Profile;
        var scored = new List<int>();
        var keys = new List<string>();
        var groupStarts = new List<int>();
        string? previousGroup = null;
        for (var i = 0; i < groundTruth.Images.Count; i++)
        {
            if (!scoring.IsScored(method, i))
            {
                continue;
            }

            var image = groundTruth.Images[i];
            if (!string.Equals(image.Group, previousGroup, StringComparison.Ordinal))
            {
                groupStarts.Add(scored.Count);
                previousGroup = image.Group;
            }

            scored.Add(i);
            keys.Add(image.Key);
        }

        var notes = new List<string>(predictions.Notes);
        notes.AddRange(profile.InputNotes(groundTruth, predictions));
        notes.AddRange(request.Notes);
        var skipped = new List<IgnoredFile>();
        for (var i = 0; i < groundTruth.Images.Count; i++)
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
            foreach (var i in scored)
            {
                foreach (var (path, role) in new[] { (groundTruth.Images[i].Path, "ground truth"), (predictions.Paths[i], "prediction") })
                {
                    if (path is not null && corrupt.Find(path) is { } file)
                    {
                        notes.Add($"{groundTruth.Images[i].Key} ({role}) was scored despite corrupt data (--accept-corrupt): {file.Problem}");
                    }
                }
            }
        }

        var resized = scored.Where(i => scoring.WasResized(method, i)).Select(i => groundTruth.Images[i].Key).ToList();
        if (resized.Count > 0)
        {
            notes.Add($"{resized.Count} prediction(s) differ in size from their ground truth and were resized: "
                + profile.ResizeRuleFor(settings.Aggregation));
        }

        if (predictions.Missing.Count > 0)
        {
            notes.Add($"{predictions.Missing.Count} of {groundTruth.Images.Count} predictions are missing; "
                + "the numbers cover the scored images only");
        }

        if (settings.Aggregation == Aggregation.GroupMean)
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
            metrics = scoring.Reduce(method, scored, keys, groupStarts);
            notes.AddRange(metrics.Notes);
            if (request.Bootstrap is { } bootstrap)
            {
                intervals = BootstrapIntervals(request, bootstrap, settings.Aggregation, scoring, method, scored, keys, groupStarts, metrics);
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
                ? scored.Select((i, j) => new ImageValues(keys[j], scoring.PerImageValues(method, i))).ToList()
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
        EvaluationRequest request, Statistics.BootstrapSettings bootstrap, Aggregation aggregation, DatasetScoring scoring, int method,
        List<int> scored, List<string> keys, List<int> groupStarts, DatasetMetrics metrics)
    {
        var names = metrics.Scalars.Select(s => s.Key).ToArray();
        var replicates = new double[bootstrap.Resamples][];
        Parallel.For(
            0, bootstrap.Resamples, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Threads) },
            r =>
            {
                var images = new List<int>(scored.Count);
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

                var replicate = scoring.Reduce(method, images, imageKeys, starts);
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
}
