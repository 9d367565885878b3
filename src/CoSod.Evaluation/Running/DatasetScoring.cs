using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Metrics;

namespace CoSod.Evaluation.Running;

/// <summary>What every dataset of one run is scored with.</summary>
/// <param name="Limits">The caps every file read obeys.</param>
/// <param name="Aggregation">How images become dataset numbers (a toolbox may also resize differently per mode).</param>
/// <param name="Selection">The families to compute.</param>
/// <param name="Cache">The result cache and the key parts its entries share, or null.</param>
/// <param name="Failures">Where unreadable files are collected (shared by the threads of the run; lock it).</param>
internal sealed record ScoringSettings(
    ImageLimits Limits, Aggregation Aggregation, MetricSelection Selection, CacheUse? Cache, List<ImageReadException> Failures);

/// <summary>A result cache as one run uses it.</summary>
internal sealed record CacheUse(ScoreCache Cache, ScoreKeyScope Scope);

/// <summary>
/// The scoring of one dataset as the runner sees it, without the profile's types: score the pairs of one ground-truth
/// image (every method), then reduce any subset of images of one method. Holds one typed record per image, method and
/// selected family, never pixels.
/// </summary>
internal abstract class DatasetScoring
{
    public abstract int MethodCount { get; }

    /// <summary>
    /// Decodes and prepares ground truth <paramref name="image"/> once and scores every method's map against it (or
    /// takes its scores from the cache). Unreadable files are added to the run's failures. Thread-safe across images.
    /// </summary>
    /// <param name="image">Index into the dataset's ground-truth images.</param>
    /// <param name="liveMaps">The live model's maps of this image's group by stem, or null when scoring saved maps.</param>
    /// <param name="imagePath">The input image of this ground truth (for families that need it), or null.</param>
    /// <returns>Whether any pair of this image was scored or taken from the cache.</returns>
    public abstract bool ScoreImage(int image, IReadOnlyDictionary<string, GreyMap>? liveMaps, string? imagePath);

    public abstract bool IsScored(int method, int image);

    public abstract bool WasResized(int method, int image);

    /// <summary>The dataset numbers of <paramref name="method"/> over the given images (indices into the ground truth).</summary>
    public abstract DatasetMetrics Reduce(int method, IReadOnlyList<int> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts);

    public abstract IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(int method, int image);
}

/// <summary>The typed scoring of one dataset (see <see cref="DatasetScoring"/>).</summary>
internal sealed class DatasetScoring<TImage, TTruth, TPair> : DatasetScoring
    where TImage : class
    where TTruth : class
    where TPair : class
{
    private readonly EvaluationProfile<TImage, TTruth, TPair> _profile;
    private readonly ScoringSettings _settings;
    private readonly DatasetGroundTruth _groundTruth;
    private readonly IReadOnlyList<PredictionSet> _predictions;
    private readonly IReadOnlyList<MetricFamily<TPair>> _families;
    private readonly IReadOnlyList<KeyValuePair<string, double[]>> _leadingCurves;

    /// <summary>[method][family] columns, and per method which images were scored and which resized.</summary>
    private readonly IScoreColumn<TPair>[][] _columns;
    private readonly bool[][] _scored;
    private readonly bool[][] _resized;

    public DatasetScoring(
        EvaluationProfile<TImage, TTruth, TPair> profile, ScoringSettings settings, DatasetGroundTruth groundTruth,
        IReadOnlyList<PredictionSet> predictions)
    {
        _profile = profile;
        _settings = settings;
        _groundTruth = groundTruth;
        _predictions = predictions;
        _families = profile.Selected(settings.Selection);
        _leadingCurves = profile.LeadingCurves(settings.Selection);
        var count = groundTruth.Images.Count;
        _columns = predictions.Select(_ => _families.Select(f => f.CreateColumn(count)).ToArray()).ToArray();
        _scored = predictions.Select(_ => new bool[count]).ToArray();
        _resized = predictions.Select(_ => new bool[count]).ToArray();
    }

    public override int MethodCount => _predictions.Count;

    public override bool IsScored(int method, int image) => _scored[method][image];

    public override bool WasResized(int method, int image) => _resized[method][image];

    public override bool ScoreImage(int image, IReadOnlyDictionary<string, GreyMap>? liveMaps, string? imagePath)
    {
        var entry = _groundTruth.Images[image];
        var pending = new List<int>(_predictions.Count);
        for (var m = 0; m < _predictions.Count; m++)
        {
            if (_predictions[m].Paths[image] is { } path && _profile.SkipReason(path) is null)
            {
                pending.Add(m);
            }
        }

        if (pending.Count == 0)
        {
            return false;
        }

        // With a cache: hash the files, take what is cached, and decode the ground truth only for the rest.
        var cache = liveMaps is null ? _settings.Cache : null;
        var keys = new ScoreKey?[_predictions.Count];
        var groundTruthHash = cache is not null ? PairHash(entry.Path, imagePath) : null;
        if (groundTruthHash is not null)
        {
            pending = LookUp(image, pending, groundTruthHash, keys, cache!);
        }

        if (pending.Count == 0)
        {
            return true;
        }

        TTruth truth;
        try
        {
            var decoded = _profile.Read(entry.Path, _settings.Limits);
            truth = _profile.Prepare(decoded, new PreparationContext(_settings.Selection, imagePath, _settings.Limits));
        }
        catch (Exception e) when (AsReadFailure(e, entry.Path) is { } failure)
        {
            Fail(failure);
            return false;
        }

        try
        {
            // A ground truth that changed while it was read is scored but not cached under its old hash.
            if (groundTruthHash is not null && PairHash(entry.Path, imagePath) != groundTruthHash)
            {
                Array.Clear(keys);
            }

            foreach (var m in pending)
            {
                ScorePair(m, image, truth, liveMaps, keys[m], cache);
            }
        }
        finally
        {
            (truth as IDisposable)?.Dispose();
        }

        return true;
    }

    private void ScorePair(int method, int image, TTruth truth, IReadOnlyDictionary<string, GreyMap>? liveMaps, ScoreKey? key, CacheUse? cache)
    {
        var path = _predictions[method].Paths[image]!;
        try
        {
            var prediction = liveMaps is null
                ? _profile.Read(path, _settings.Limits)
                : _profile.FromMap(liveMaps[_groundTruth.Images[image].Stem]);
            var pair = _profile.Pair(truth, prediction, _settings.Aggregation, out var resized);
            try
            {
                foreach (var column in _columns[method])
                {
                    column.Measure(image, pair);
                }
            }
            finally
            {
                (pair as IDisposable)?.Dispose();
            }

            _resized[method][image] = resized;
            _scored[method][image] = true;
            if (cache is not null)
            {
                cache.Cache.RecordScored();

                // Stored only when the map read is still the one hashed (a file replaced mid-run is not cached), and never
                // for corrupt data scored under --accept-corrupt (a cache hit would lose its note).
                var corrupt = _settings.Limits.CorruptFiles;
                if (key is not null && TryHash(path) == key.PredictionHash
                    && corrupt?.Contains(path) != true && corrupt?.Contains(_groundTruth.Images[image].Path) != true)
                {
                    cache.Cache.Store(key, resized, writer => WriteRecords(method, image, writer));
                }
            }
        }
        catch (Exception e) when (AsReadFailure(e, path) is { } failure)
        {
            Fail(failure);
        }
    }

    private List<int> LookUp(int image, List<int> methods, string groundTruthHash, ScoreKey?[] keys, CacheUse cache)
    {
        var misses = new List<int>(methods.Count);
        foreach (var m in methods)
        {
            if (TryHash(_predictions[m].Paths[image]!) is not { } predictionHash)
            {
                misses.Add(m);
                continue;
            }

            var key = cache.Scope.For(groundTruthHash, predictionHash);
            if (cache.Cache.TryGet(key, (resized, reader) => ReadRecords(m, image, resized, reader)))
            {
                continue;
            }

            keys[m] = key;
            misses.Add(m);
        }

        return misses;
    }

    private void WriteRecords(int method, int image, BinaryWriter writer)
    {
        foreach (var column in _columns[method])
        {
            column.Write(image, writer);
        }
    }

    private void ReadRecords(int method, int image, bool resized, BinaryReader reader)
    {
        foreach (var column in _columns[method])
        {
            column.Read(image, reader);
        }

        _resized[method][image] = resized;
        _scored[method][image] = true;
    }

    public override DatasetMetrics Reduce(int method, IReadOnlyList<int> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts)
    {
        var parts = _columns[method].Select(c => c.Reduce(images, keys, groupStarts, _settings.Aggregation)).ToList();
        return DatasetMetrics.Combine(_leadingCurves, parts);
    }

    public override IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(int method, int image) =>
        _columns[method].SelectMany(c => c.PerImageValues(image)).ToList();

    private void Fail(ImageReadException failure)
    {
        lock (_settings.Failures)
        {
            _settings.Failures.Add(failure);
        }
    }

    /// <summary>The hash that keys a ground truth: its file's, joined by its input image's when a family reads that too.</summary>
    private static string? PairHash(string groundTruthPath, string? imagePath)
    {
        var hash = TryHash(groundTruthPath);
        if (hash is null || imagePath is null)
        {
            return hash;
        }

        return TryHash(imagePath) is { } imageHash ? hash + "+" + imageHash : null;
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

    /// <summary>
    /// Any non-fatal failure on one file becomes an <see cref="ImageReadException"/> naming it, so a bad file is
    /// reported with the others instead of ending the process; cancellation and out-of-memory pass through.
    /// </summary>
    internal static ImageReadException? AsReadFailure(Exception e, string path) => e switch
    {
        ImageReadException read => read,
        OperationCanceledException or OutOfMemoryException => null,
        _ => new ImageReadException(path, $"the file cannot be scored ({e.GetType().Name}: {e.Message})",
            "Check the file; re-export it as an 8-bit grey PNG or remove it", e),
    };
}
