using CoSod.Data.Datasets;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Caching;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Metrics;
using CoSod.Metrics.Matlab;
using CoSod.Metrics.PySod;
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

    /// <summary>One measured pair as the cache sees it; the map is larger than the mask, so it is resized.</summary>
    private (ScoreKey Key, MeasuredPair Pair) Pair(EvaluationProfile profile, ScoreCache cache, bool resized = true)
    {
        var mask = _tree.Mask("gt/a.png", seed: 1);
        var map = resized ? _tree.Map("pred/a.png", width: 31, height: 23, seed: 5) : _tree.Map("pred/a.png", seed: 5);
        var measured = MeasuredPair.Of(profile, mask, map);
        var key = cache.Scope(profile, ImageLimits.Default, profile.DefaultSelection, profile.DefaultAggregation)
            .For(ScoreCache.HashFile(mask), ScoreCache.HashFile(map));
        return (key, measured);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Scores_read_back_give_bit_identical_numbers(string name)
    {
        var profile = ProfileNamed(name);
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, measured) = Pair(profile, cache);
        Assert.True(measured.Resized);

        cache.Store(key, measured.Resized, measured.Write);
        MeasuredPair? cached = null;
        Assert.True(cache.TryGet(key, (resized, reader) => cached = measured.ReadBack(resized, reader)));

        Assert.Equal(measured.Numbers(), cached!.Numbers());
        Assert.Equal(measured.Bytes(), cached.Bytes());
        Assert.Equal(1, cache.Hits);
        Assert.Empty(cache.CorruptEntries);
    }

    [Fact]
    public void The_resized_flag_is_kept_either_way()
    {
        var profile = PySodMetricsProfile.Instance;
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, measured) = Pair(profile, cache, resized: false);
        Assert.False(measured.Resized);

        cache.Store(key, measured.Resized, measured.Write);

        bool? flag = null;
        Assert.True(cache.TryGet(key, (resized, reader) => flag = measured.ReadBack(resized, reader).Resized));
        Assert.False(flag);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Every_single_byte_flip_and_every_truncation_of_an_entry_is_detected(string name)
    {
        var profile = ProfileNamed(name);
        var cache = ScoreCache.Open(_tree.PathOf("cache"));
        var (key, measured) = Pair(profile, cache);
        cache.Store(key, measured.Resized, measured.Write);
        var path = cache.EntryPath(key);
        var original = File.ReadAllBytes(path);
        Action<bool, BinaryReader> read = (resized, reader) => measured.ReadBack(resized, reader);

        // Every byte in memory (the same checks TryGet runs on the file's bytes), then a few through the file itself.
        for (var i = 0; i < original.Length; i++)
        {
            var flipped = (byte[])original.Clone();
            flipped[i] ^= (byte)(1 << (i % 8));
            Assert.False(cache.TryRead(flipped, key, path, read), $"a flip at byte {i} of {original.Length} was trusted");
        }

        for (var length = 0; length < original.Length; length++)
        {
            Assert.False(cache.TryRead(original.AsSpan(0, length), key, path, read), $"a truncation to {length} of {original.Length} bytes was trusted");
        }

        foreach (var i in new[] { 0, 9, 50, original.Length / 2, original.Length - 33, original.Length - 1 })
        {
            var flipped = (byte[])original.Clone();
            flipped[i] ^= 0x10;
            File.WriteAllBytes(path, flipped);
            Assert.False(cache.TryGet(key, read), $"a flip at byte {i} of the file was trusted");
            File.WriteAllBytes(path, original[..i]);
            Assert.False(cache.TryGet(key, read), $"the file truncated to {i} bytes was trusted");
        }

        Assert.Equal(0, cache.Hits);
        Assert.Equal(path, Assert.Single(cache.CorruptEntries).Path);
        File.WriteAllBytes(path, original);
        Assert.True(cache.TryGet(key, read));
    }

    [Fact]
    public void Keys_depend_on_the_files_the_profile_its_options_the_limits_and_the_tool_build()
    {
        var a = new string('a', 64);
        var b = new string('b', 64);
        var limits = ImageLimits.Default;
        var pysod = PySodMetricsProfile.Instance;
        string Hash(EvaluationProfile profile, ImageLimits l, string tool, string gt, string pred,
            MetricSelection? selection = null, Aggregation aggregation = Aggregation.ImageMean) =>
            new ScoreKeyScope(profile, l, selection ?? profile.DefaultSelection, aggregation, tool).For(gt, pred).Hash;

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
            Hash(pysod, limits, "0.1.0", a, b, new MetricSelection(["Sm", "MAE"])),
            Hash(pysod, limits, "0.1.0", a, b, aggregation: Aggregation.GroupMean),
        ];
        Assert.Equal(others.Length + 1, others.Append(reference).Distinct().Count());
        var matlab = new CosodMatlabProfile(MatlabColon.Matlab);
        Assert.Contains("option matlab_thresholds true",
            new ScoreKeyScope(matlab, limits, matlab.DefaultSelection, Aggregation.GroupMean, "x").For(a, b).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hit_skips_decoding_and_the_mask_is_decoded_only_when_some_method_misses()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        var profile = new CountingProfile();
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
        var (key, measured) = Pair(profile, cache);

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ => cache.Store(key, measured.Resized, measured.Write));

        Assert.Empty(cache.WriteFailures);
        Assert.True(cache.TryGet(key, (resized, reader) => measured.ReadBack(resized, reader)));
        Assert.Equal([cache.EntryPath(key)], Directory.GetFiles(cache.Folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_malformed_payload_is_refused_by_every_profile()
    {
        foreach (var profile in new EvaluationProfile[] { PySodMetricsProfile.Instance, EvalCoSodProfile.Instance, CosodMatlabProfile.Instance })
        {
            var cache = ScoreCache.Open(_tree.PathOf("cache-" + profile.Name));
            var (_, measured) = Pair(profile, cache);
            var payload = measured.Bytes();
            Assert.ThrowsAny<Exception>(() => measured.ReadBack(false, Reader(payload.AsSpan(0, payload.Length - 1).ToArray())));
            Assert.ThrowsAny<Exception>(() => measured.ReadBack(false, Reader([])));
        }

        var octave = CosodMatlabProfile.Instance;
        var matlabCache = ScoreCache.Open(_tree.PathOf("cache-colon"));
        var (_, octavePair) = Pair(octave, matlabCache);
        var colonPair = MeasuredPair.Of(new CosodMatlabProfile(MatlabColon.Matlab), _tree.PathOf("gt/a.png"), _tree.PathOf("pred/a.png"));
        Assert.Throws<InvalidDataException>(() => colonPair.ReadBack(false, Reader(octavePair.Bytes())));
    }

    private static BinaryReader Reader(byte[] bytes) => new(new MemoryStream(bytes));

    /// <summary>pysodmetrics, counting the masks and maps it decodes.</summary>
    private sealed class CountingProfile : EvaluationProfile<GreyMap, PySodGroundTruth, PySodPair>
    {
        private static readonly PySodMetricsProfile Inner = PySodMetricsProfile.Instance;
        private int _masks;
        private int _maps;

        public int Masks => Volatile.Read(ref _masks);

        public int Maps => Volatile.Read(ref _maps);

        public override string Name => Inner.Name;

        public override string Description => Inner.Description;

        public override string ResizeRule => Inner.ResizeRule;

        public override IReadOnlyList<Aggregation> Aggregations => Inner.Aggregations;

        public override IEnumerable<KeyValuePair<string, string>> Options => Inner.Options;

        public override IReadOnlyList<MetricFamily<PySodPair>> TypedFamilies => Inner.TypedFamilies;

        public void Reset()
        {
            _masks = 0;
            _maps = 0;
        }

        public override GreyMap Read(string path, ImageLimits limits)
        {
            Interlocked.Increment(ref path.Contains("/gt/", StringComparison.Ordinal) ? ref _masks : ref _maps);
            return Inner.Read(path, limits);
        }

        public override GreyMap FromMap(GreyMap map) => Inner.FromMap(map);

        public override PySodGroundTruth Prepare(GreyMap groundTruth, PreparationContext context) => Inner.Prepare(groundTruth, context);

        public override PySodPair Pair(PySodGroundTruth truth, GreyMap prediction, Aggregation aggregation, out bool resized) =>
            Inner.Pair(truth, prediction, aggregation, out resized);

        public override IReadOnlyList<KeyValuePair<string, double[]>> LeadingCurves(MetricSelection selection) => Inner.LeadingCurves(selection);
    }
}
