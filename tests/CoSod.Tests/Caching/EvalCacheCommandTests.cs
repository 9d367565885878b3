using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Caching;

/// <summary>
/// cosod eval --cache as a user meets it: a re-run scores only what changed, the cache never changes a byte of
/// metrics.json, and an entry that cannot be trusted is said so on stderr and rebuilt.
/// </summary>
public sealed partial class EvalCacheCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string CacheDir => _tree.PathOf("cache");

    [GeneratedRegex(@"cosod: (\d+) scored, (\d+) from the cache")]
    private static partial Regex CountLine();

    private static (int Scored, int Cached) Counts(CliRun run)
    {
        var match = CountLine().Match(run.Error);
        Assert.True(match.Success, "no cache count on stderr: " + run.Error);
        return (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private CliRun Eval(string outName, params string[] extra) => CliRun.Of(
        ["eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf(outName), "--per-image", .. extra]);

    private CliRun EvalCached(string outName, params string[] extra) => Eval(outName, ["--cache", CacheDir, .. extra]);

    private byte[] Metrics(string outName) => File.ReadAllBytes(Path.Combine(_tree.PathOf(outName), "metrics.json"));

    private string[] Entries() =>
        Directory.GetFiles(CacheDir, "*.entry", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [InlineData("pysodmetrics")]
    [InlineData("eval-co-sod")]
    [InlineData("cosod-matlab")]
    public void A_rerun_over_the_bundled_sample_scores_nothing_and_writes_identical_metrics(string profile)
    {
        var sample = SharedFixtures.SynthPublic;
        CliRun Run(string outName, params string[] extra) => CliRun.Of(
        [
            "eval", "--gt", Path.Combine(sample, "datasets"), "--pred", Path.Combine(sample, "predictions"),
            "--out", _tree.PathOf(outName), "--profile", profile, "--allow-missing", "--per-image", .. extra,
        ]);

        var plain = Run("plain", "--threads", "1");
        var first = Run("first", "--cache", CacheDir, "--threads", "2");
        var second = Run("second", "--cache", CacheDir, "--threads", "3");

        Assert.Equal(ExitCodes.Ok, plain.ExitCode);
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("plain"));
        var pairs = json.RootElement.GetProperty("images_scored").GetInt32();
        Assert.True(pairs > 100, $"{pairs} pairs");
        Assert.Equal((pairs, 0), Counts(first));
        Assert.Equal((0, pairs), Counts(second));
        Assert.DoesNotMatch(CountLine(), plain.Error);
        Assert.DoesNotContain("from the cache", plain.Output + first.Output + second.Output, StringComparison.Ordinal);
        Assert.Equal(Metrics("plain"), Metrics("first"));
        Assert.Equal(Metrics("plain"), Metrics("second"));
        Assert.True(Entries().Length > 100);
    }

    [Fact]
    public void Adding_one_method_scores_only_that_methods_images()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        Assert.Equal((12, 0), Counts(EvalCached("first")));

        var seed = 100;
        foreach (var mask in Directory.GetFiles(_tree.PathOf("gt/DS/GroundTruth"), "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var group = Path.GetFileName(Path.GetDirectoryName(mask))!;
            _tree.Map($"pred/Gamma/DS/{group}/{Path.GetFileName(mask)}", seed: seed++);
        }

        var second = EvalCached("second");
        var plain = Eval("plain");

        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal((6, 12), Counts(second));
        Assert.Equal(Metrics("plain"), Metrics("second"));
        Assert.Equal(18, Entries().Length);
    }

    [Fact]
    public void Changing_one_prediction_rescores_only_that_pair_and_changing_a_mask_only_its_image()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        Assert.Equal((12, 0), Counts(EvalCached("first")));

        _tree.Map("pred/Alpha/DS/Two/Two_001.png", seed: 999);
        var second = EvalCached("second");
        Eval("plain2");

        Assert.Equal((1, 11), Counts(second));
        Assert.Equal(Metrics("plain2"), Metrics("second"));
        Assert.NotEqual(Metrics("first"), Metrics("second"));

        _tree.Mask("gt/DS/GroundTruth/g one/g_one_002.png", seed: 4);
        var third = EvalCached("third");
        Eval("plain3");

        Assert.Equal((2, 10), Counts(third));
        Assert.Equal(Metrics("plain3"), Metrics("third"));
        Assert.NotEqual(Metrics("second"), Metrics("third"));
        Assert.Equal((0, 12), Counts(EvalCached("fourth")));
    }

    [Fact]
    public void Another_profile_matlab_thresholds_or_resize_rule_never_reuse_entries()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);
        string[][] variants =
        [
            ["--profile", "pysodmetrics"],
            ["--profile", "eval-co-sod"],
            ["--profile", "cosod-matlab"],
            ["--profile", "cosod-matlab", "--matlab-thresholds"],
        ];

        for (var v = 0; v < variants.Length; v++)
        {
            var run = EvalCached($"cold{v}", variants[v]);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.Equal((12, 0), Counts(run));
            Assert.DoesNotContain("corrupt", run.Error, StringComparison.Ordinal);
            Assert.Equal(12 * (v + 1), Entries().Length);
        }

        for (var v = 0; v < variants.Length; v++)
        {
            var run = EvalCached($"warm{v}", variants[v]);
            Eval($"plain{v}", variants[v]);
            Assert.Equal((0, 12), Counts(run));
            Assert.Equal(Metrics($"plain{v}"), Metrics($"warm{v}"));
        }

        // The Octave and MATLAB threshold doubles really give other numbers, so sharing entries would be wrong.
        Assert.NotEqual(Metrics("plain2"), Metrics("plain3"));

        // Under group-mean pysodmetrics resizes as PySODEvalToolkit's grouped mode does (INTER_CUBIC), so its entries
        // are kept apart from image-mean's; a second group-mean run finds its own.
        var grouped = EvalCached("grouped", "--aggregate", "group-mean");
        Eval("grouped-plain", "--aggregate", "group-mean");
        Assert.Equal((12, 0), Counts(grouped));
        Assert.Equal((0, 12), Counts(EvalCached("grouped-again", "--aggregate", "group-mean")));
        Assert.Equal(Metrics("grouped-plain"), Metrics("grouped"));
        Assert.Equal(Metrics("grouped-plain"), Metrics("grouped-again"));
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "truncate", "corrupt cache entry" },
        { "empty", "truncated" },
        { "flip-payload", "checksum mismatch" },
        { "flip-checksum", "checksum mismatch" },
        { "flip-magic", "not a cosod cache entry" },
        { "garbage", "not a cosod cache entry" },
        { "version", "format version 2" },
        { "other-key", "hash/key mismatch" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_entry_is_reported_never_trusted_and_rebuilt(string corruption, string problem)
    {
        _tree.Standard(methods: ["Alpha"]);
        Assert.Equal((6, 0), Counts(EvalCached("first", "--threads", "1")));
        var entries = Entries();
        Assert.Equal(6, entries.Length);
        var victim = entries[2];
        var original = File.ReadAllBytes(victim);

        var bytes = (byte[])original.Clone();
        switch (corruption)
        {
            case "truncate":
                bytes = bytes[..(bytes.Length / 2)];
                break;
            case "empty":
                bytes = [];
                break;
            case "flip-payload":
                bytes[^40] ^= 0x01;
                break;
            case "flip-checksum":
                bytes[^1] ^= 0x80;
                break;
            case "flip-magic":
                bytes[0] ^= 0x20;
                break;
            case "garbage":
                bytes = new byte[original.Length];
                new Random(7).NextBytes(bytes);
                break;
            case "version":
                // A well-formed entry of another format version, checksum recomputed: only the version check can refuse it.
                bytes[8] = 2;
                SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32), bytes.AsSpan(bytes.Length - 32));
                break;
            case "other-key":
                // Another pair's sound entry under this name: checksum fine, only the key check can refuse it.
                bytes = File.ReadAllBytes(entries[3]);
                break;
        }

        File.WriteAllBytes(victim, bytes);

        var second = EvalCached("second", "--threads", "2");
        Eval("plain");

        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal((1, 5), Counts(second));
        var report = second.Error.Split('\n').Single(l => l.Contains("corrupt cache entry", StringComparison.Ordinal));
        Assert.Contains(victim, report, StringComparison.Ordinal);
        Assert.Contains(problem, report, StringComparison.Ordinal);
        Assert.Contains("rebuilt", report, StringComparison.Ordinal);
        Assert.Equal(Metrics("plain"), Metrics("second"));
        Assert.Equal(original, File.ReadAllBytes(victim));

        var third = EvalCached("third");
        Assert.Equal((0, 6), Counts(third));
        Assert.DoesNotContain("corrupt", third.Error, StringComparison.Ordinal);
        Assert.Equal(Metrics("plain"), Metrics("third"));
    }

    [Fact]
    public void A_cache_folder_that_cannot_be_created_exits_two_with_one_clear_line()
    {
        _tree.Standard();
        var blocker = _tree.Text("blocker", "a file, not a folder");
        var folder = Path.Combine(blocker, "cache");

        var run = Eval("out", "--cache", folder);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains($"--cache {folder}: {blocker} is a file, so the folder cannot be created", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tree.PathOf("out"), "metrics.json")), "nothing may be written");
    }
}
