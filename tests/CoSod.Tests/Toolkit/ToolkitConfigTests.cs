using System.Diagnostics;
using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Toolkit;

/// <summary>
/// PySODEvalToolkit's dataset and method JSON files (in the shape of its examples/config_*_json_example.json) read as
/// its eval.py reads them: prefix and suffix around each name, the sorted intersection scored, include/exclude, the
/// image mode (one folder per dataset) and the grouped mode (--data-type video, here --aggregate group-mean), with
/// the numbers of the same images evaluated from folders.
/// </summary>
public sealed class ToolkitConfigTests : IDisposable
{
    private static readonly string[] Names = ["img_03", "img_10", "img_01", "img_22", "img_05"];

    private readonly TempTree _tree = new();

    public ToolkitConfigTests()
    {
        // Flat, as the toolkit's SOD datasets are: one mask folder, each method's maps named prefix + name + suffix.
        var seed = 0;
        foreach (var name in Names)
        {
            _tree.Mask($"flat/DUTS/Mask/{name}.png", seed: seed);
            _tree.Map($"flat/pred/MethodA/DUTS/pascal_{name}_fused_sod.png", seed: seed + 1);
            _tree.Map($"flat/pred/MethodB/duts/{name}.png", seed: seed + 2);

            // The same images as cosod's own layout, with one group.
            _tree.Mask($"folders/gt/DUTS/GroundTruth/g/{name}.png", seed: seed);
            _tree.Map($"folders/pred/MethodA/DUTS/g/{name}.png", seed: seed + 1);
            _tree.Map($"folders/pred/MethodB/DUTS/g/{name}.png", seed: seed + 2);
            seed++;
        }

        _tree.Text("flat/pred/MethodA/DUTS/readme.txt", "not a map");

        // Grouped, as CoSOD datasets are: the standard tree (gt/DS/GroundTruth/<group>/, pred/<M>/DS/<group>/).
        _tree.Standard(methods: ["M1", "M2"]);
    }

    public void Dispose() => _tree.Dispose();

    private string FlatDatasets() => _tree.Text("configs/datasets.json", $$"""
        {
          "DUTS": {
            "image": {"path": "{{Abs("flat/DUTS/Image")}}", "suffix": ".jpg"},
            "mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ".png"}
          }
        }
        """);

    private string FlatMethods() => _tree.Text("configs/methods.json", $$"""
        {
          "MethodA": {"DUTS": {"path": "{{Abs("flat/pred/MethodA/DUTS")}}", "prefix": "pascal_", "suffix": "_fused_sod.png"} },
          "MethodB": {"DUTS": {"path": "{{Abs("flat/pred/MethodB/duts")}}", "suffix": ".png"} }
        }
        """);

    private string GroupedDatasets() => _tree.Text("configs/cosod-datasets.json", $$"""
        {"DS": {"mask": {"path": "{{Abs("gt/DS/GroundTruth")}}", "suffix": ".png"} } }
        """);

    private string GroupedMethods() => _tree.Text("configs/cosod-methods.json", $$"""
        {
          "M1": {"DS": {"path": "{{Abs("pred/M1/DS")}}", "suffix": ".png"} },
          "M2": {"DS": {"path": "{{Abs("pred/M2/DS")}}", "suffix": ".png"} }
        }
        """);

    private string Abs(string relative) => _tree.PathOf(relative);

    private static CliRun Eval(string datasets, string methods, string outFolder, params string[] extra) =>
        CliRun.Of(["eval", "--dataset-json", datasets, "--method-json", methods, "--out", outFolder, "--threads", "1", .. extra]);

    private static List<(string Method, string Dataset, string Metrics, int Scored)> Results(string outFolder)
    {
        using var json = CliRun.ReadMetrics(outFolder);
        return json.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("method").GetString()!, r.GetProperty("dataset").GetString()!,
                r.GetProperty("metrics").GetRawText(), r.GetProperty("images_scored").GetInt32()))
            .ToList();
    }

    [Fact]
    public void Image_mode_with_prefix_and_suffix_gives_the_numbers_of_the_same_images_in_folders()
    {
        var run = Eval(FlatDatasets(), FlatMethods(), _tree.PathOf("out-json"));
        var folders = CliRun.Of("eval", "--gt", _tree.PathOf("folders/gt"), "--pred", _tree.PathOf("folders/pred"), "--out", _tree.PathOf("out-folders"), "--threads", "1");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(ExitCodes.Ok, folders.ExitCode);
        var fromJson = Results(_tree.PathOf("out-json"));
        Assert.Equal(Results(_tree.PathOf("out-folders")), fromJson);
        Assert.Equal([("MethodA", "DUTS"), ("MethodB", "DUTS")], fromJson.Select(r => (r.Method, r.Dataset)));
        Assert.All(fromJson, r => Assert.Equal(Names.Length, r.Scored));

        using var json = CliRun.ReadMetrics(_tree.PathOf("out-json"));
        Assert.Equal("image-mean", json.RootElement.GetProperty("aggregation").GetString());
        var ignored = json.RootElement.GetProperty("results")[0].GetProperty("ignored_files").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("readme.txt", ignored);
    }

    [Fact]
    public void Grouped_mode_gives_the_group_mean_of_the_same_folders()
    {
        var run = Eval(GroupedDatasets(), GroupedMethods(), _tree.PathOf("out-json"), "--aggregate", "group-mean", "--per-image");
        var folders = CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("out-folders"),
            "--threads", "1", "--aggregate", "group-mean", "--per-image");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(ExitCodes.Ok, folders.ExitCode);
        Assert.Equal(Results(_tree.PathOf("out-folders")), Results(_tree.PathOf("out-json")));
        using var json = CliRun.ReadMetrics(_tree.PathOf("out-json"));
        Assert.Equal("group-mean", json.RootElement.GetProperty("aggregation").GetString());
        var keys = json.RootElement.GetProperty("results")[0].GetProperty("per_image").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["Two/Two_000", "Two/Two_001", "Two/Two_002", "g one/g_one_000", "g one/g_one_001", "g one/g_one_002"], keys);
    }

    [Fact]
    public void Include_keeps_the_order_given_exclude_the_file_s_order()
    {
        var datasets = FlatDatasets();
        var methods = FlatMethods();

        var included = Eval(datasets, methods, _tree.PathOf("included"), "--include-methods", "MethodB", "MethodA");
        var excluded = Eval(datasets, methods, _tree.PathOf("excluded"), "--exclude-methods", "MethodA");
        var datasetsIncluded = Eval(datasets, methods, _tree.PathOf("datasets"), "--include-datasets", "DUTS");

        Assert.Equal(ExitCodes.Ok, included.ExitCode);
        Assert.Equal(["MethodB", "MethodA"], Results(_tree.PathOf("included")).Select(r => r.Method));
        Assert.Equal(ExitCodes.Ok, excluded.ExitCode);
        Assert.Equal(["MethodB"], Results(_tree.PathOf("excluded")).Select(r => r.Method));
        Assert.Equal(ExitCodes.Ok, datasetsIncluded.ExitCode);
    }

    [Fact]
    public void Include_and_exclude_of_the_same_kind_together_or_with_folders_are_usage_errors()
    {
        var datasets = FlatDatasets();
        var methods = FlatMethods();

        var both = Eval(datasets, methods, _tree.PathOf("o1"), "--include-methods", "MethodA", "--exclude-methods", "MethodB");
        var bothDatasets = Eval(datasets, methods, _tree.PathOf("o2"), "--include-datasets", "DUTS", "--exclude-datasets", "DUTS");
        var mixed = Eval(datasets, methods, _tree.PathOf("o3"), "--gt", _tree.PathOf("gt"));
        var folderInclude = CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("o4"), "--include-methods", "M1");
        var half = CliRun.Of("eval", "--dataset-json", datasets, "--out", _tree.PathOf("o5"));

        Assert.Equal(ExitCodes.UnusableInput, both.ExitCode);
        Assert.Contains("--include-methods and --exclude-methods cannot be used together", both.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, bothDatasets.ExitCode);
        Assert.Contains("--include-datasets and --exclude-datasets cannot be used together", bothDatasets.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, mixed.ExitCode);
        Assert.Contains("describe the inputs two ways", mixed.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, folderInclude.ExitCode);
        Assert.Contains("with folders, use --datasets and --methods", folderInclude.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, half.ExitCode);
        Assert.Contains("--dataset-json and --method-json go together", half.Error, StringComparison.Ordinal);
        Assert.All(new[] { "o1", "o2", "o3", "o4", "o5" }, o => Assert.False(Directory.Exists(_tree.PathOf(o))));
    }

    [Fact]
    public void A_name_that_matches_nothing_is_refused_with_the_nearest_names()
    {
        var run = Eval(FlatDatasets(), FlatMethods(), _tree.PathOf("o"), "--include-methods", "MethodC");
        var dataset = Eval(FlatDatasets(), FlatMethods(), _tree.PathOf("o"), "--exclude-datasets", "DUT");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--include-methods MethodC:", run.Error, StringComparison.Ordinal);
        Assert.Contains("has no such method; did you mean MethodA or MethodB?", run.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, dataset.ExitCode);
        Assert.Contains("did you mean DUTS?", dataset.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Files_that_match_no_ground_truth_name_are_said_out_loud_not_dropped_in_silence()
    {
        var methods = _tree.Text("configs/wrong-prefix.json", $$"""
            {
              "MethodA": {"DUTS": {"path": "{{Abs("flat/pred/MethodA/DUTS")}}", "prefix": "ecssd_", "suffix": "_fused_sod.png"} },
              "MethodB": {"DUTS": {"path": "{{Abs("flat/pred/MethodB/duts")}}", "suffix": ".png"} }
            }
            """);

        var check = CliRun.Of("check", "--dataset-json", FlatDatasets(), "--method-json", methods);
        var eval = Eval(FlatDatasets(), methods, _tree.PathOf("o"));
        var allowed = Eval(FlatDatasets(), methods, _tree.PathOf("allowed"), "--allow-missing");

        Assert.Equal(ExitCodes.MissingPredictions, check.ExitCode);
        Assert.Contains("MethodA: 0 of 5 matched", check.Output, StringComparison.Ordinal);
        Assert.Contains("ground truth 'img_01' needs ecssd_img_01_fused_sod.png", check.Output, StringComparison.Ordinal);
        Assert.Contains("does not start with the prefix 'ecssd_'", check.Output, StringComparison.Ordinal);
        Assert.Contains("MethodB: 5 of 5 matched", check.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.MissingPredictions, eval.ExitCode);
        Assert.Equal(ExitCodes.Ok, allowed.ExitCode);
        Assert.Equal([0, 5], Results(_tree.PathOf("allowed")).Select(r => r.Scored));
    }

    [Fact]
    public void The_intersection_is_scored_and_the_rest_is_listed()
    {
        File.Delete(_tree.PathOf("flat/pred/MethodB/duts/img_10.png"));
        _tree.Map("flat/pred/MethodB/duts/img_99.png");

        var check = CliRun.Of("check", "--dataset-json", FlatDatasets(), "--method-json", FlatMethods(), "--allow-missing");
        var eval = Eval(FlatDatasets(), FlatMethods(), _tree.PathOf("o"), "--allow-missing", "--per-image");

        Assert.Equal(ExitCodes.Ok, check.ExitCode);
        Assert.Contains("MethodB: 4 of 5 matched", check.Output, StringComparison.Ordinal);
        Assert.Contains("1 without a prediction: img_10", check.Output, StringComparison.Ordinal);
        Assert.Contains("img_99.png (no ground truth with this name)", check.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was scored", check.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, eval.ExitCode);
        using var json = CliRun.ReadMetrics(_tree.PathOf("o"));
        var methodB = json.RootElement.GetProperty("results")[1];
        Assert.Equal(["img_01", "img_03", "img_05", "img_22"], methodB.GetProperty("per_image").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["img_10"], methodB.GetProperty("missing_predictions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void A_dataset_named_after_a_benchmark_is_compared_with_its_release_as_from_folders()
    {
        var datasets = _tree.Text("configs/benchmark.json", $$"""
            {"CoSal2015": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ".png"} } }
            """);
        var methods = _tree.Text("configs/benchmark-methods.json", $$"""
            {"MethodB": {"CoSal2015": {"path": "{{Abs("flat/pred/MethodB/duts")}}", "suffix": ".png"} } }
            """);

        var run = Eval(datasets, methods, _tree.PathOf("o"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        using var json = CliRun.ReadMetrics(_tree.PathOf("o"));
        Assert.Contains(json.RootElement.GetProperty("results")[0].GetProperty("notes").EnumerateArray(),
            n => n.GetString()!.StartsWith("CoSal2015: not the official CoSal2015 release (50 groups, 2,015 images): no group folders, 5 image(s) here.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_method_without_an_entry_for_a_dataset_is_not_evaluated_and_the_run_says_so()
    {
        var datasets = _tree.Text("configs/two.json", $$"""
            {
              "DUTS": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ".png"} },
              "DUTS-copy": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ".png"} }
            }
            """);

        var run = Eval(datasets, FlatMethods(), _tree.PathOf("o"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("method \"MethodA\" has no entry for dataset \"DUTS-copy\": not evaluated", run.Error, StringComparison.Ordinal);
        Assert.Equal([("MethodA", "DUTS"), ("MethodB", "DUTS")], Results(_tree.PathOf("o")).Select(r => (r.Method, r.Dataset)));
    }

    [Fact]
    public void An_index_file_lists_the_ground_truth_and_stops_at_its_first_blank_line_as_the_toolkit_does()
    {
        var index = _tree.Text("configs/test.lst", "img_01.png\nimg_22.png\nimg_03.png\n\nimg_05.png\n");
        // index_file belongs to the dataset, beside "mask".
        var datasets = _tree.Text("configs/indexed.json", $$"""
            {"DUTS": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ".png"}, "index_file": "{{index}}"} }
            """);

        var run = Eval(datasets, FlatMethods(), _tree.PathOf("o"), "--per-image");
        var grouped = Eval(datasets, FlatMethods(), _tree.PathOf("g"), "--aggregate", "group-mean");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("has a blank line at line 4; PySODEvalToolkit stops reading there, so the 1 line(s) after it are left out here too", run.Error, StringComparison.Ordinal);
        using var json = CliRun.ReadMetrics(_tree.PathOf("o"));
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal(3, result.GetProperty("images_expected").GetInt32());
        Assert.Equal(["img_01", "img_03", "img_22"], result.GetProperty("per_image").EnumerateObject().Select(p => p.Name));
        Assert.Equal(ExitCodes.UnusableInput, grouped.ExitCode);
        Assert.Contains("index_file, which the grouped mode", grouped.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_suffix_or_with_a_missing_folder_is_refused_naming_file_and_entry()
    {
        var noSuffix = _tree.Text("configs/no-suffix.json", $$"""{"DUTS": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}"} } }""");
        var emptySuffix = _tree.Text("configs/empty-suffix.json", $$"""{"DUTS": {"mask": {"path": "{{Abs("flat/DUTS/Mask")}}", "suffix": ""} } }""");
        var missing = _tree.Text("configs/missing.json", """{"DUTS": {"mask": {"path": "no/such/folder", "suffix": ".png"} } }""");
        var twice = _tree.Text("configs/twice.json", """{"DUTS": {"mask": {"path": "a", "suffix": ".png"} }, "DUTS": {"mask": {"path": "b", "suffix": ".png"} } }""");
        var methods = FlatMethods();

        var a = Eval(noSuffix, methods, _tree.PathOf("o"));
        var b = Eval(emptySuffix, methods, _tree.PathOf("o"));
        var c = Eval(missing, methods, _tree.PathOf("o"));
        var d = Eval(twice, methods, _tree.PathOf("o"));

        Assert.Contains($"{noSuffix}: dataset \"DUTS\" mask has no \"suffix\"", a.Error, StringComparison.Ordinal);
        Assert.Contains("\"suffix\" is empty; it must end with the file extension", b.Error, StringComparison.Ordinal);
        Assert.Contains("the folder no/such/folder (", c.Error, StringComparison.Ordinal);
        Assert.Contains("Paths are taken from the working folder", c.Error, StringComparison.Ordinal);
        Assert.Contains("the dataset \"DUTS\" is given twice", d.Error, StringComparison.Ordinal);
        Assert.All(new[] { a, b, c, d }, r => Assert.Equal(ExitCodes.UnusableInput, r.ExitCode));
        Assert.False(Directory.Exists(_tree.PathOf("o")));
    }

    [Fact]
    public void Relative_paths_are_taken_from_the_working_folder_as_the_toolkit_takes_them()
    {
        // The JSON lives in configs/, its paths are relative to the folder the command runs in (the tree root).
        var datasets = _tree.Text("configs/relative-datasets.json", """{"DUTS": {"mask": {"path": "flat/DUTS/Mask", "suffix": ".png"} } }""");
        var methods = _tree.Text("configs/relative-methods.json",
            """{"MethodB": {"DUTS": {"path": "flat/pred/MethodB/duts", "suffix": ".png"} } }""");
        var app = AppCopy.Make("cosod", _tree.PathOf("app"));

        var run = RunIn(_tree.Root, "dotnet", app, "eval", "--dataset-json", "configs/relative-datasets.json",
            "--method-json", "configs/relative-methods.json", "--out", "out-relative");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error + $" ({datasets}, {methods})");
        Assert.Equal(5, Results(_tree.PathOf("out-relative")).Single().Scored);
    }

    private static CliRun RunIn(string folder, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }
}
