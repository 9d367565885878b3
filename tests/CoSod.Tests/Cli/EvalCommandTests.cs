using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using CoSod.Cli;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Cli;

/// <summary>
/// cosod eval as a user meets it: exit codes, one-line messages naming the file, and outputs that never
/// present a partial result as complete.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class EvalCommandTests : IDisposable
{
    private readonly TempTree _tree = new();

    private string Gt => _tree.PathOf("gt");

    private string Pred => _tree.PathOf("pred");

    private string Out => _tree.PathOf("out");

    public void Dispose() => _tree.Dispose();

    private CliRun Eval(params string[] extra) =>
        CliRun.Of(["eval", "--gt", Gt, "--pred", Pred, "--out", Out, "--threads", "1", .. extra]);

    [Fact]
    public void A_complete_run_exits_zero_and_writes_all_three_files()
    {
        _tree.Standard(methods: ["Alpha", "Beta"]);

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("results").GetArrayLength());
        Assert.Equal(12, json.RootElement.GetProperty("images_scored").GetInt32());
        Assert.True(File.Exists(Path.Combine(Out, "metrics.csv")));
        Assert.Contains("| Alpha | 6 |", File.ReadAllText(Path.Combine(Out, "metrics.md")), StringComparison.Ordinal);
        Assert.Contains("Scored 12 of 12 expected images.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_prediction_is_listed_and_exits_three_unless_allowed()
    {
        _tree.Standard();
        File.Delete(_tree.PathOf("pred/M1/DS/Two/Two_001.png"));

        var strict = Eval();
        Assert.Equal(ExitCodes.MissingPredictions, strict.ExitCode);
        Assert.Contains("--allow-missing", strict.Error, StringComparison.Ordinal);
        Assert.Contains("Two/Two_001", strict.Output, StringComparison.Ordinal);

        using (var json = CliRun.ReadMetrics(Out))
        {
            var result = json.RootElement.GetProperty("results")[0];
            Assert.False(json.RootElement.GetProperty("complete").GetBoolean());
            Assert.Equal(6, result.GetProperty("images_expected").GetInt32());
            Assert.Equal(5, result.GetProperty("images_scored").GetInt32());
            Assert.Equal("Two/Two_001", result.GetProperty("missing_predictions")[0].GetString());
        }

        Assert.Contains("5/6", File.ReadAllText(Path.Combine(Out, "metrics.md")), StringComparison.Ordinal);
        Assert.Contains("M1,DS,5,6,false", File.ReadAllText(Path.Combine(Out, "metrics.csv")), StringComparison.Ordinal);

        var allowed = Eval("--allow-missing");
        Assert.Equal(ExitCodes.Ok, allowed.ExitCode);
        Assert.Contains("missing 1 prediction(s): Two/Two_001", allowed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_without_the_dataset_folder_scores_nothing_and_says_so()
    {
        _tree.Standard(methods: ["Full"]);
        _tree.Folder("pred/Empty/Other");

        var run = Eval();

        Assert.Equal(ExitCodes.MissingPredictions, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        var empty = json.RootElement.GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("method").GetString() == "Empty");
        Assert.Equal(0, empty.GetProperty("images_scored").GetInt32());
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("metrics").ValueKind);
        Assert.Contains("no folder DS for method Empty", empty.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Junk_orphans_and_duplicates_are_ignored_and_listed_with_reasons()
    {
        _tree.Standard();
        _tree.Text("pred/M1/DS/Two/Thumbs.db", "junk");
        _tree.Text("pred/M1/DS/Two/.DS_Store", "junk");
        _tree.Text("pred/M1/DS/notes.txt", "junk");
        _tree.Map("pred/M1/DS/Two/Two_999.png");
        _tree.Map("pred/M1/DS/Two/Two_000.jpg".Replace(".jpg", ".bmp", StringComparison.Ordinal));
        _tree.Text("gt/DS/GroundTruth/Two/readme.txt", "junk");

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        var result = json.RootElement.GetProperty("results")[0];
        var reasons = result.GetProperty("ignored_reasons").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal("no ground truth with this stem", reasons["Two/Two_999.png"]);
        Assert.Equal("not an image file name", reasons["Two/Thumbs.db"]);
        Assert.Equal("not an image file name", reasons["Two/.DS_Store"]);
        Assert.Equal("file outside any group folder", reasons["notes.txt"]);
        Assert.StartsWith("another prediction file with the same stem (Two_000.png)", reasons["Two/Two_000.bmp"], StringComparison.Ordinal);
        Assert.Equal("not an image file name", reasons["(ground truth) Two/readme.txt"]);
        Assert.Equal(6, result.GetProperty("images_scored").GetInt32());
    }

    [Fact]
    public void A_prediction_of_another_size_is_resized_and_listed()
    {
        _tree.Standard();
        _tree.Map("pred/M1/DS/Two/Two_002.png", width: 50, height: 40);

        var run = Eval();

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("Two/Two_002", result.GetProperty("resized_predictions")[0].GetString());
        Assert.Contains(result.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("INTER_LINEAR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_prediction_stops_the_run_with_one_line_naming_the_file_and_exit_two()
    {
        _tree.Standard();
        var bad = _tree.Text("pred/M1/DS/g one/g_one_001.png", "this is not a png");

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(bad + ": not a PNG, JPEG or BMP image", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Out, "metrics.json")), "no partial result may be written");
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        _tree.Standard();
        _tree.Text("pred/M1/DS/g one/g_one_001.png", "this is not a png");

        var run = Eval("--verbose");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_png_is_detected_although_the_decoder_would_accept_it()
    {
        _tree.Standard();
        var path = _tree.PathOf("gt/DS/GroundTruth/Two/Two_002.png");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 30)]);

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(path + ": the file is truncated", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_unreadable_files_are_all_listed_in_path_order()
    {
        _tree.Standard();
        var first = _tree.Bytes("pred/M1/DS/Two/Two_000.png", []);
        var second = _tree.Text("pred/M1/DS/Two/Two_002.png", "junk");

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("2 files cannot be read", run.Error, StringComparison.Ordinal);
        Assert.True(run.Error.IndexOf(first + ": the file is empty", StringComparison.Ordinal)
            < run.Error.IndexOf(second + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void A_decompression_bomb_is_refused_from_its_header()
    {
        _tree.Standard();
        var path = _tree.PathOf("pred/M1/DS/Two/Two_001.png");
        File.WriteAllBytes(path, WithDeclaredSize(File.ReadAllBytes(path), 60000, 60000));

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(path + ": the image declares 60000x60000 = 3600000000 pixels, over the limit", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pixel_cap_is_an_option()
    {
        _tree.Standard();

        var run = Eval("--max-pixels", "100");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("over the limit of 100", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_dataset_is_unusable_input()
    {
        _tree.Standard();
        _tree.Folder("gt/Hollow/GroundTruth/group");

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("dataset Hollow has no ground-truth image", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_prediction_root_is_unusable_input()
    {
        _tree.Standard();
        Directory.Delete(Pred, recursive: true);
        _tree.Folder("pred");

        var run = Eval();

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(Pred + ": no method folder found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_root_is_unusable_input()
    {
        var run = CliRun.Of("eval", "--gt", _tree.PathOf("nowhere"), "--pred", _tree.PathOf("nothing"), "--out", Out);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(_tree.PathOf("nowhere") + ": the ground-truth root does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_folder_is_unusable_input()
    {
        _tree.Standard();
        var locked = _tree.PathOf("pred/M1/DS/Two");
        var run = UnprivilegedEval(locked);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(locked + ": the folder cannot be read", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_dataset_folder_is_unusable_input_not_a_crash()
    {
        _tree.Standard();
        var locked = _tree.PathOf("gt/DS");
        var run = UnprivilegedEval(locked);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains(locked + ": the folder cannot be read", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs eval with <paramref name="locked"/> unreadable. Root ignores permission bits, so as root the command runs
    /// as user nobody (setpriv) in a child process, from a copy of the CLI that nobody can read (the clone itself may
    /// lie in a folder nobody cannot enter, such as one made by mktemp -d); as any other user it runs in-process. The
    /// preconditions are checked first, so a broken setup fails with its own message rather than as a wrong exit code.
    /// </summary>
    private CliRun UnprivilegedEval(string locked)
    {
        string[] args = ["eval", "--gt", Gt, "--pred", Pred, "--out", Out, "--threads", "1"];
        if (Environment.UserName != "root")
        {
            File.SetUnixFileMode(locked, UnixFileMode.None);
            try
            {
                return CliRun.Of(args);
            }
            finally
            {
                File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        Assert.True(File.Exists(Setpriv), $"precondition: {Setpriv} (util-linux) runs the CLI as user nobody, and it is missing");
        var app = AppCopy.Make("cosod", _tree.PathOf("app"));
        _tree.Folder("out");
        OpenToEveryone(_tree.Root);
        File.SetUnixFileMode(Out, (UnixFileMode)0x1FF);
        var started = AsNobody("dotnet", app, "--version");
        Assert.True(started.ExitCode == 0, $"precondition: user nobody cannot run the CLI copy {app} (exit {started.ExitCode}): {started.Error}");

        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            var denied = AsNobody("ls", locked);
            Assert.True(denied.ExitCode != 0, $"precondition: user nobody can still list {locked}, so the test would prove nothing");
            return AsNobody(["dotnet", app, .. args]);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private const string Setpriv = "/usr/bin/setpriv";

    /// <summary>Folders 0755 and files 0644 from the root down, and the folders above it passable, whatever the umask was.</summary>
    private static void OpenToEveryone(string root)
    {
        File.SetUnixFileMode(Path.GetDirectoryName(root)!, (UnixFileMode)0x1ED); // the shared cosod-tests folder
        foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Prepend(root))
        {
            File.SetUnixFileMode(folder, (UnixFileMode)0x1ED);
        }

        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(file, (UnixFileMode)0x1A4);
        }
    }

    private static CliRun AsNobody(params string[] command)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Setpriv)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups" }.Concat(command))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error);
    }

    [Fact]
    public void A_mistyped_option_is_a_usage_error_with_exit_two_not_one()
    {
        _tree.Standard();

        var run = Eval("--alow-missing");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--alow-missing", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--profile", "matlab-ish")]
    [InlineData("--aggregate", "median")]
    [InlineData("--threads", "0")]
    public void An_invalid_option_value_is_a_usage_error(string option, string value)
    {
        _tree.Standard();

        var run = Eval(option, value);

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.False(File.Exists(Path.Combine(Out, "metrics.json")));
    }

    [Fact]
    public void An_aggregation_the_profile_lacks_is_a_usage_error()
    {
        _tree.Standard();

        var run = Eval("--profile", "eval-co-sod", "--aggregate", "group-mean");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("profile eval-co-sod does not support --aggregate group-mean", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dataset_name_that_does_not_exist_is_unusable_input()
    {
        _tree.Standard();

        var run = Eval("--datasets", "DS,Missing");

        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("Missing: dataset folder not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Datasets_and_methods_can_be_selected()
    {
        _tree.Standard(dataset: "A", methods: ["M1", "M2", "M3"]);
        _tree.Standard(dataset: "B", methods: ["M1", "M2", "M3"]);

        var run = Eval("--datasets", "B", "--methods", "M3,M1");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        var pairs = json.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("dataset").GetString() + "/" + r.GetProperty("method").GetString()).ToList();
        Assert.Equal(["B/M3", "B/M1"], pairs);
    }

    [Fact]
    public void The_json_is_byte_identical_for_one_and_two_threads()
    {
        _tree.Standard(methods: ["M1", "M2"], groups: ["a", "b", "c"], perGroup: 5);
        _tree.Map("pred/M2/DS/b/b_003.png", width: 31, height: 9);

        var one = CliRun.Of("eval", "--gt", Gt, "--pred", Pred, "--out", _tree.PathOf("one"), "--threads", "1", "--per-image");
        var two = CliRun.Of("eval", "--gt", Gt, "--pred", Pred, "--out", _tree.PathOf("two"), "--threads", "2", "--per-image");

        Assert.Equal(ExitCodes.Ok, one.ExitCode);
        Assert.Equal(ExitCodes.Ok, two.ExitCode);
        foreach (var file in new[] { "metrics.json", "metrics.csv", "metrics.md" })
        {
            Assert.Equal(File.ReadAllBytes(_tree.PathOf("one/" + file)), File.ReadAllBytes(_tree.PathOf("two/" + file)));
        }
    }

    [Fact]
    public void Group_mean_is_recorded_and_changes_the_numbers()
    {
        _tree.Standard(groups: ["small", "large"], perGroup: 1);
        _tree.Mask("gt/DS/GroundTruth/large/large_001.png", seed: 4);
        _tree.Map("pred/M1/DS/large/large_001.png", seed: 9);

        Assert.Equal(ExitCodes.Ok, Eval("--aggregate", "group-mean").ExitCode);
        using var grouped = CliRun.ReadMetrics(Out);
        Assert.Equal(ExitCodes.Ok, Eval().ExitCode);
        using var pooled = CliRun.ReadMetrics(Out);

        Assert.Equal("group-mean", grouped.RootElement.GetProperty("aggregation").GetString());
        Assert.Equal("group-mean", grouped.RootElement.GetProperty("options").GetProperty("aggregation").GetString());
        var groupedMae = grouped.RootElement.GetProperty("results")[0].GetProperty("metrics").GetProperty("MAE").GetDouble();
        var pooledMae = pooled.RootElement.GetProperty("results")[0].GetProperty("metrics").GetProperty("MAE").GetDouble();
        Assert.NotEqual(groupedMae, pooledMae);
    }

    [Fact]
    public void The_eval_co_sod_profile_reports_its_own_metric_set()
    {
        _tree.Standard();

        var run = Eval("--profile", "eval-co-sod");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var json = CliRun.ReadMetrics(Out);
        var metrics = json.RootElement.GetProperty("results")[0].GetProperty("metrics");
        Assert.True(metrics.TryGetProperty("AP", out _));
        Assert.True(metrics.TryGetProperty("AUC", out _));
        Assert.False(metrics.TryGetProperty("wFm", out _));
        Assert.Equal(255, json.RootElement.GetProperty("results")[0].GetProperty("curves").GetProperty("fm").GetArrayLength());
    }

    /// <summary>A copy of a valid PNG whose IHDR declares another size, with a correct CRC.</summary>
    internal static byte[] WithDeclaredSize(byte[] png, int width, int height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), (uint)height);
        var crc = Crc32.HashToUInt32(copy.AsSpan(12, 17));
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), crc);
        return copy;
    }
}
