using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Metrics.Matlab;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Caching;

/// <summary>The cache below the command line: keys, the entry format's checks, serialisation, and what a hit skips.</summary>
public sealed class ScoreCacheTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string> Profiles => new() { "pysodmetrics", "eval-co-sod", "cosod-matlab", "cosod-matlab-colon" };

    private static EvaluationProfile ProfileNamed(string name) => name == "cosod-matlab-colon"
        ? new CosodMatlabProfile(MatlabColon.Matlab)
        : ProfileCatalog.Find(name)!;

    /// <summary>One measured pair; the map is larger than the mask, so the Resized flag is set.</summary>
    private (ScoreKey Key, ImageOutcome Outcome) Pair(EvaluationProfile profile, ScoreCache cache, bool resized = true)
    {
        var mask = _tree.Mask("gt/a.png", seed: 1);
        var map = resized ? _tree.Map("pred/a.png", width: 31, height: 23, seed: 5) : _tree.Map("pred/a.png", seed: 5);
        var gt = profile.ReadGroundTruth(mask, ImageLimits.Default);
        var prepared = profile.PrepareGroundTruth(gt);
        var outcome = profile.Measure(prepared, gt, profile.ReadPrediction(map, ImageLimits.Default));
        (prepared as IDisposable)?.Dispose();
        var key = cache.Scope(profile, ImageLimits.Default).For(ScoreCache.HashFile(mask), ScoreCache.HashFile(map));
        return (key, outcome);
    }

    private static string Numbers(EvaluationProfile profile, ImageOutcome outcome)
    {
        var perImage = profile.PerImageValues(outcome).Select(v => $"{v.Key}={v.Value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        var reduced = profile.Reduce([outcome, outcome], ["g/a", "g/b"], [0], profile.DefaultAggregation);
        var scalars = reduced.Scalars.Select(s => $"{s.Key}={s.Value?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        var curves = reduced.Curves.Select(c => c.Key + "=" + string.Join(",", c.Value.Select(v => BitConverter.DoubleToInt64Bits(v))));
        return string.Join("|", perImage.Concat(scalars).Concat(curves)) + "|resized=" + outcome.Resized;
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Scores_read_back_give_bit_identical_numbers(string name)
    {
        var profile = ProfileNamed(name);
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, outcome) = Pair(profile, cache);
        Assert.True(outcome.Resized);

        cache.Store(key, profile, outcome);
        Assert.True(cache.TryGet(key, profile, out var cached));

        Assert.NotSame(outcome.Scores, cached.Scores);
        Assert.Equal(Numbers(profile, outcome), Numbers(profile, cached));
        Assert.Equal(profile.SerializeScores(outcome.Scores), profile.SerializeScores(cached.Scores));
        Assert.Equal(1, cache.Hits);
        Assert.Empty(cache.CorruptEntries);
    }

    [Fact]
    public void The_resized_flag_is_kept_either_way()
    {
        var profile = PySodMetricsProfile.Instance;
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, outcome) = Pair(profile, cache, resized: false);
        Assert.False(outcome.Resized);

        cache.Store(key, profile, outcome);

        Assert.True(cache.TryGet(key, profile, out var cached));
        Assert.False(cached.Resized);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_single_byte_flip_and_every_truncation_of_an_entry_is_detected(string name)
    {
        var profile = ProfileNamed(name);
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, outcome) = Pair(profile, cache);
        cache.Store(key, profile, outcome);
        var path = cache.EntryPath(key);
        var original = File.ReadAllBytes(path);

        // Every byte in memory (the same checks TryGet runs on the file's bytes), then a few through the file itself.
        for (var i = 0; i < original.Length; i++)
        {
            var flipped = (byte[])original.Clone();
            flipped[i] ^= (byte)(1 << (i % 8));
            Assert.False(cache.TryRead(flipped, key, profile, path, out _), $"a flip at byte {i} of {original.Length} was trusted");
        }

        for (var length = 0; length < original.Length; length++)
        {
            Assert.False(cache.TryRead(original.AsSpan(0, length), key, profile, path, out _), $"a truncation to {length} of {original.Length} bytes was trusted");
        }

        foreach (var i in new[] { 0, 9, 50, original.Length / 2, original.Length - 33, original.Length - 1 })
        {
            var flipped = (byte[])original.Clone();
            flipped[i] ^= 0x10;
            File.WriteAllBytes(path, flipped);
            Assert.False(cache.TryGet(key, profile, out _), $"a flip at byte {i} of the file was trusted");
            File.WriteAllBytes(path, original[..i]);
            Assert.False(cache.TryGet(key, profile, out _), $"the file truncated to {i} bytes was trusted");
        }

        Assert.Equal(0, cache.Hits);
        Assert.Equal(path, Assert.Single(cache.CorruptEntries).Path);
        File.WriteAllBytes(path, original);
        Assert.True(cache.TryGet(key, profile, out _));
    }

    [Fact]
    public void Keys_depend_on_the_files_the_profile_its_options_the_limits_and_the_tool_build()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);
        var limits = ImageLimits.Default;
        string Hash(EvaluationProfile profile, ImageLimits l, string tool, string gt, string pred) =>
            new ScoreKeyScope(profile, l, tool).For(gt, pred).Hash;

        var reference = Hash(PySodMetricsProfile.Instance, limits, "0.1.0", a, b);
        Assert.Equal(reference, Hash(PySodMetricsProfile.Instance, limits, "0.1.0", a, b));
        Assert.Matches("^[0-9a-f]{64}$", reference);
        string[] others =
        [
            Hash(PySodMetricsProfile.Instance, limits, "0.1.0", b, a),
            Hash(PySodMetricsProfile.Instance, limits, "0.1.0", a, a),
            Hash(PySodMetricsProfile.Instance, limits, "0.2.0", a, b),
            Hash(PySodMetricsProfile.Instance, limits with { MaxPixels = 1000 }, "0.1.0", a, b),
            Hash(PySodMetricsProfile.Instance, limits with { MaxFileBytes = 1000 }, "0.1.0", a, b),
            Hash(EvalCoSodProfile.Instance, limits, "0.1.0", a, b),
            Hash(CosodMatlabProfile.Instance, limits, "0.1.0", a, b),
            Hash(new CosodMatlabProfile(MatlabColon.Matlab), limits, "0.1.0", a, b),
        ];
        Assert.Equal(others.Length + 1, others.Append(reference).Distinct().Count());
        Assert.Contains("option matlab_thresholds true", new ScoreKeyScope(new CosodMatlabProfile(MatlabColon.Matlab), limits, "x").For(a, b).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hit_skips_decoding_and_the_mask_is_decoded_only_when_some_method_misses()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        var profile = new CountingProfile(PySodMetricsProfile.Instance);
        EvaluationReport Run(ScoreCache? cache) => EvaluationRunner.Run(new EvaluationRequest
        {
            GroundTruthRoot = _tree.PathOf("gt"),
            PredictionRoot = _tree.PathOf("pred"),
            Profile = profile,
            Threads = 2,
            PerImage = true,
            Cache = cache,
        });

        var plain = MetricsJson.Serialize(Run(null));
        profile.Reset();

        var first = ScoreCache.Open(_tree.PathOf("cache"));
        Assert.Equal(plain, MetricsJson.Serialize(Run(first)));
        Assert.Equal((6, 12, 12, 0), (profile.Masks, profile.Maps, first.Scored, first.Hits));

        profile.Reset();
        var second = ScoreCache.Open(_tree.PathOf("cache"));
        Assert.Equal(plain, MetricsJson.Serialize(Run(second)));
        Assert.Equal((0, 0, 0, 12), (profile.Masks, profile.Maps, second.Scored, second.Hits));

        _tree.Map("pred/Beta/DS/Two/Two_002.png", seed: 77);
        profile.Reset();
        var third = ScoreCache.Open(_tree.PathOf("cache"));
        Run(third);
        Assert.Equal((1, 1, 1, 11), (profile.Masks, profile.Maps, third.Scored, third.Hits));
    }

    [Fact]
    public void Another_tool_version_finds_no_entry_and_reports_nothing_corrupt()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        (int Scored, int Hits, int Corrupt) Run(string tool)
        {
            var cache = ScoreCache.Open(_tree.PathOf("cache"), tool);
            EvaluationRunner.Run(new EvaluationRequest
            {
                GroundTruthRoot = _tree.PathOf("gt"),
                PredictionRoot = _tree.PathOf("pred"),
                Profile = PySodMetricsProfile.Instance,
                Cache = cache,
            });
            return (cache.Scored, cache.Hits, cache.CorruptEntries.Count);
        }

        Assert.Equal((12, 0, 0), Run("0.1.0"));
        Assert.Equal((0, 12, 0), Run("0.1.0"));
        Assert.Equal((12, 0, 0), Run("0.2.0"));
        Assert.Equal((0, 12, 0), Run("0.1.0"));
        Assert.NotEqual("0.1.0", ScoreCache.DefaultToolIdentity);
        Assert.StartsWith(EvaluationRunner.ToolVersion + " ", ScoreCache.DefaultToolIdentity, StringComparison.Ordinal);
    }

    [Fact]
    public void Concurrent_writers_of_one_entry_leave_one_sound_entry_and_no_temporary_files()
    {
        var profile = PySodMetricsProfile.Instance;
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, outcome) = Pair(profile, cache);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => cache.Store(key, profile, outcome));

        Assert.Empty(cache.WriteFailures);
        Assert.True(cache.TryGet(key, profile, out _));
        Assert.Equal([cache.EntryPath(key)], Directory.GetFiles(cache.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_malformed_payload_is_refused_by_every_profile()
    {
        foreach (var profile in new EvaluationProfile[] { PySodMetricsProfile.Instance, EvalCoSodProfile.Instance, CosodMatlabProfile.Instance })
        {
            var cache = ScoreCache.Open(_tree.PathOf("cache-" + profile.Name));
            var (_, outcome) = Pair(profile, cache);
            var payload = profile.SerializeScores(outcome.Scores);
            Assert.Throws<InvalidDataException>(() => profile.DeserializeScores(payload.AsSpan(0, payload.Length - 1)));
            Assert.Throws<InvalidDataException>(() => profile.DeserializeScores([.. payload, 0]));
            Assert.Throws<InvalidDataException>(() => profile.DeserializeScores([]));
        }

        var octave = CosodMatlabProfile.Instance;
        var matlabCache = ScoreCache.Open(_tree.PathOf("cache-colon"));
        var (_, octaveOutcome) = Pair(octave, matlabCache);
        Assert.Throws<InvalidDataException>(() => new CosodMatlabProfile(MatlabColon.Matlab).DeserializeScores(octave.SerializeScores(octaveOutcome.Scores)));
    }

    /// <summary>pysodmetrics, counting the files it decodes.</summary>
    private sealed class CountingProfile(EvaluationProfile inner) : EvaluationProfile
    {
        private int _masks;
        private int _maps;

        public int Masks => Volatile.Read(ref _masks);

        public int Maps => Volatile.Read(ref _maps);

        public override string Name => inner.Name;

        public override string Description => inner.Description;

        public override string ResizeRule => inner.ResizeRule;

        public override IReadOnlyList<Aggregation> Aggregations => inner.Aggregations;

        public override IEnumerable<KeyValuePair<string, string>> Options => inner.Options;

        public void Reset()
        {
            _masks = 0;
            _maps = 0;
        }

        public override object ReadGroundTruth(string path, ImageLimits limits)
        {
            Interlocked.Increment(ref _masks);
            return inner.ReadGroundTruth(path, limits);
        }

        public override object ReadPrediction(string path, ImageLimits limits)
        {
            Interlocked.Increment(ref _maps);
            return inner.ReadPrediction(path, limits);
        }

        public override object PredictionFromMap(CoSod.Metrics.GreyMap map) => inner.PredictionFromMap(map);

        public override string? SkipReason(string predictionPath) => inner.SkipReason(predictionPath);

        public override IEnumerable<string> InputNotes(DatasetGroundTruth groundTruth, PredictionSet predictions) =>
            inner.InputNotes(groundTruth, predictions);

        public override object PrepareGroundTruth(object groundTruth) => inner.PrepareGroundTruth(groundTruth);

        public override ImageOutcome Measure(object preparedGroundTruth, object groundTruth, object prediction) =>
            inner.Measure(preparedGroundTruth, groundTruth, prediction);

        public override DatasetMetrics Reduce(
            IReadOnlyList<ImageOutcome> images, IReadOnlyList<string> keys, IReadOnlyList<int> groupStarts, Aggregation aggregation) =>
            inner.Reduce(images, keys, groupStarts, aggregation);

        public override IReadOnlyList<KeyValuePair<string, double?>> PerImageValues(ImageOutcome image) => inner.PerImageValues(image);

        public override byte[] SerializeScores(object scores) => inner.SerializeScores(scores);

        public override object DeserializeScores(ReadOnlySpan<byte> payload) => inner.DeserializeScores(payload);
    }
}
