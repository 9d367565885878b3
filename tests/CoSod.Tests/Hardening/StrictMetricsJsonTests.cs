using System.Text.Json.Nodes;
using CoSod.Cli;
using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Hardening;

/// <summary>
/// The one metrics.json reader: every malformed field is one error naming the file, the JSON path and what was
/// expected, in every command that reads the file, never a crash and never a value silently read as undefined.
/// </summary>
public sealed class StrictMetricsJsonTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _valid;

    public StrictMetricsJsonTests()
    {
        _tree.Standard(methods: ["M1", "M2"]);
        var run = CliRun.Of("eval", "--gt", _tree.PathOf("gt"), "--pred", _tree.PathOf("pred"), "--out", _tree.PathOf("out"), "--per-image", "--threads", "1");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        _valid = File.ReadAllText(_tree.PathOf("out/metrics.json"));
    }

    public void Dispose() => _tree.Dispose();

    public static TheoryData<string, string, string> Mutations => new()
    {
        { "results.0.method", "null", "$.results[0].method: expected a string, found null" },
        { "results.0.dataset", "null", "$.results[0].dataset: expected a string, found null" },
        { "profile", "null", "$.profile: expected a string, found null" },
        { "aggregation", "null", "$.aggregation: expected a string, found null" },
        { "results.0.method", "\"\"", "$.results[0].method: expected a non-empty string" },
        { "results.0.metrics.Sm", "\"0.9\"", "$.results[0].metrics.Sm: expected a number or null, found the string \"0.9\"" },
        { "results.0.metrics.Sm", "true", "$.results[0].metrics.Sm: expected a number or null, found true" },
        { "results.0.metrics.Fm.max", "[0.5]", "$.results[0].metrics.Fm.max: expected a number or null, found an array" },
        { "results.1.images_scored", "7", "$.results[1].images_scored: 7 is outside 0..6" },
        { "results.0.images_expected", "6.5", "$.results[0].images_expected: expected a whole number" },
        { "images_scored", "11", "images_scored: 11 of 12 where the results add up to 12 of 12" },
        { "complete", "\"yes\"", "$.complete: expected true or false" },
        { "results.0.notes", "{}", "$.results[0].notes: expected an array, found an object" },
        { "schema", "99", "$.schema: version 99 is newer than this cosod reads" },
        { "results", "{}", "$.results: expected an array, found an object" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void A_malformed_field_is_refused_with_its_path_and_what_was_expected(string field, string json, string message)
    {
        var path = Write(Set(_valid, field, json));

        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Read(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e999", "1e999 is beyond the range of a double")]
    [InlineData("-1e400", "-1e400 is beyond the range of a double")]
    public void A_number_beyond_double_is_refused_not_read_as_undefined(string literal, string message)
    {
        var path = Write(ReplaceFirstMetric(_valid, literal));

        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Read(path));

        Assert.Contains("$.results[0].metrics.Sm: " + message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"undefined\": {}", "\"undefined\": {\"Sm\": [], \"Sm\": []}", "$.results[0].undefined: the key \"Sm\" appears twice")]
    [InlineData("\"ignored_reasons\": {}", "\"ignored_reasons\": {\"a.png\": \"x\", \"a.png\": \"y\"}", "$.results[0].ignored_reasons: the key \"a.png\" appears twice")]
    [InlineData("\"profile\": ", "\"profile\": \"x\", \"profile\": ", "$: the key \"profile\" appears twice")]
    public void A_duplicate_key_is_refused_wherever_it_is(string anchor, string replacement, string message)
    {
        var index = _valid.IndexOf(anchor, StringComparison.Ordinal);
        Assert.True(index >= 0, anchor);
        var path = Write(_valid[..index] + replacement + _valid[(index + anchor.Length)..]);

        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Read(path));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void What_eval_writes_carries_the_schema_and_a_file_without_it_reads_as_version_one()
    {
        Assert.Equal(MetricsJson.Schema, JsonNode.Parse(_valid)!["schema"]!.GetValue<int>());
        var withoutSchema = JsonNode.Parse(_valid)!.AsObject();
        withoutSchema.Remove("schema");
        withoutSchema["results"]![0]!["metrics"]!.AsObject()["a_future_metric"] = 0.25;

        var read = MetricsJsonReader.Read(Write(withoutSchema.ToJsonString()));

        Assert.Equal(2, read.Results.Count);
        Assert.Equal(0.25, read.Results[0].Metrics!["a_future_metric"]);
    }

    [Fact]
    public void Without_per_image_values_the_reader_still_checks_their_types()
    {
        var read = MetricsJsonReader.Read(Write(_valid), perImage: false);
        Assert.Null(read.Results[0].PerImage);

        var broken = Set(_valid, "results.0.per_image.g one/g_one_000.Sm", "\"x\"");
        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Read(Write(broken), perImage: false));
        Assert.Contains("$.results[0].per_image.g one/g_one_000.Sm: expected a number or null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reversed_interval_is_refused()
    {
        var withInterval = JsonNode.Parse(_valid)!.AsObject();
        withInterval["results"]![0]!.AsObject()["intervals"] = new JsonObject { ["Sm"] = new JsonArray(0.9, 0.8) };

        var error = Assert.Throws<MetricsFileException>(() => MetricsJsonReader.Read(Write(withInterval.ToJsonString())));

        Assert.Contains("$.results[0].intervals.Sm: the interval [0.9, 0.8] is reversed", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("leaderboard")]
    [InlineData("plot")]
    [InlineData("report")]
    [InlineData("gate")]
    [InlineData("compare")]
    public void Every_command_that_reads_metrics_json_exits_two_with_one_line_and_no_stack_trace(string command)
    {
        var good = Write(_valid);
        foreach (var bad in new[] { Write(Set(_valid, "results.0.method", "null")), Write(ReplaceFirstMetric(_valid, "1e999")), "/dev/zero" })
        {
            var run = command switch
            {
                "leaderboard" => CliRun.Of("leaderboard", bad),
                "plot" => CliRun.Of("plot", bad, "--out", _tree.PathOf("plots")),
                "report" => CliRun.Of("report", bad, "--out", _tree.PathOf("report")),
                "gate" => CliRun.Of("gate", "--baseline", bad, "--current", good),
                _ => CliRun.Of("compare", bad, "--method", "M1", "--method", "M2", "--dataset", "DS"),
            };

            Assert.True(run.ExitCode == ExitCodes.UnusableInput, $"{command} {bad}: exit {run.ExitCode}: {run.Error}");
            Assert.Contains(bad + ":", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    private string Write(string content) => _tree.Text($"m{Guid.NewGuid():N}.json", content);

    /// <summary>Sets the value at a dotted path (numbers index arrays) to the given JSON text.</summary>
    private static string Set(string json, string field, string value)
    {
        var root = JsonNode.Parse(json)!;
        var parts = field.Split('.');
        JsonNode node = root;
        foreach (var part in parts[..^1])
        {
            node = int.TryParse(part, out var index) && node is JsonArray array ? array[index]! : node[part]!;
        }

        var last = parts[^1];
        var replacement = JsonNode.Parse(value);
        if (node is JsonArray list)
        {
            list[int.Parse(last)] = replacement;
        }
        else
        {
            node[last] = replacement;
        }

        return root.ToJsonString();
    }

    /// <summary>The first result's Sm written as a raw literal (JsonNode cannot hold 1e999).</summary>
    private static string ReplaceFirstMetric(string json, string literal)
    {
        var marked = Set(json, "results.0.metrics.Sm", "\"@@SM@@\"");
        return marked.Replace("\"@@SM@@\"", literal, StringComparison.Ordinal);
    }
}
