using System.Text.Json;
using CoSod.Data.Datasets;
using CoSod.Data.Files;

namespace CoSod.Evaluation.Results;

/// <summary>
/// A metrics.json that cannot be used: unreadable, not JSON, not ours, or a field of the wrong type. The message
/// names the file, the JSON path of the offending value and what was expected there.
/// </summary>
public sealed class MetricsFileException(string path, string problem)
    : Exception($"{path}: {problem}. Pass a metrics.json written by 'cosod eval'.")
{
    public string FilePath { get; } = path;

    public string Problem { get; } = problem;
}

/// <summary>
/// The one reader of metrics.json, shared by every command that takes one (leaderboard, plot, gate, compare,
/// report, speed-chart): strict about everything the contract names (each field's type, numbers finite or null,
/// no duplicate keys, counts that add up), tolerant of fields it does not know and of metric names it has never
/// seen (other profiles and newer versions write more). A file without a <c>schema</c> field is version 1.
/// </summary>
public static class MetricsJsonReader
{
    /// <summary>
    /// A metrics.json of 20,000 images with every per-image value is under 100 MB; a file far beyond that is not
    /// one, and reading it would cost gigabytes.
    /// </summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    /// <summary>Reads a metrics.json file (a folder stands for the metrics.json inside it).</summary>
    /// <param name="path">The file, or a folder holding metrics.json.</param>
    /// <param name="perImage">False skips the per-image values (after checking their types), which commands that show
    /// only dataset numbers never use and which make up most of a large file.</param>
    /// <exception cref="MetricsFileException">The file cannot be used; the message says where and why.</exception>
    public static EvaluationReport Read(string path, bool perImage = true)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length > 0 && Directory.Exists(path))
        {
            path = Path.Combine(path, "metrics.json");
        }

        byte[] bytes;
        try
        {
            bytes = InputFile.ReadAllBytes(path, MaxFileBytes, "A metrics.json is far smaller");
        }
        catch (InputFileException e)
        {
            throw new MetricsFileException(path.Length == 0 ? "''" : path, e.Problem);
        }

        return Parse(bytes, path, perImage);
    }

    /// <exception cref="MetricsFileException">The bytes are not a usable metrics.json.</exception>
    public static EvaluationReport Parse(byte[] json, string path, bool perImage = true)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new MetricsFileException(path, "is not valid JSON (" + e.Message + ")");
        }

        using (document)
        {
            var root = new LocatedJson(document.RootElement, "$", path);
            LocatedJson.CheckNoDuplicateKeys(root);
            return new Reader(path, perImage).Report(root);
        }
    }

    /// <summary>The walk over one file; holds the name pool so repeated metric names are one string each.</summary>
    private sealed class Reader(string path, bool perImage)
    {
        private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

        public EvaluationReport Report(LocatedJson root)
        {
            root.RequireObject();
            var tool = root.Required("tool");
            if (tool.Element.ValueKind != JsonValueKind.Object
                || !tool.Element.TryGetProperty("name", out var name)
                || name.ValueKind != JsonValueKind.String
                || name.GetString() != MetricsJson.ToolName)
            {
                throw new MetricsFileException(path, "not a cosod metrics.json (no tool.name \"cosod\")");
            }

            var schema = root.Optional("schema") is { } s ? s.Integer(1, int.MaxValue) : 1;
            if (schema > MetricsJson.Schema)
            {
                throw new MetricsFileException(path,
                    $"$.schema: version {schema} is newer than this cosod reads ({MetricsJson.Schema}); upgrade cosod");
            }

            var results = root.Required("results").Items().Select(Result).ToList();
            var expected = root.Required("images_expected").Integer(0, int.MaxValue);
            var scored = root.Required("images_scored").Integer(0, expected);
            var sumExpected = results.Sum(r => (long)r.ImagesExpected);
            var sumScored = results.Sum(r => (long)r.ImagesScored);
            if (expected != sumExpected || scored != sumScored)
            {
                throw new MetricsFileException(path,
                    $"$.images_expected / images_scored: {scored} of {expected} where the results add up to {sumScored} of {sumExpected}");
            }

            return new EvaluationReport
            {
                ToolVersion = tool.Optional("version")?.String() ?? "",
                Profile = root.Required("profile").NonEmptyString(),
                Aggregation = root.Required("aggregation").NonEmptyString(),
                Results = results,
                Options = root.Optional("options") is { } options
                    ? options.Properties().Select(o => new KeyValuePair<string, string>(o.Name, o.Value.String())).ToList()
                    : [],
                DeclaredComplete = root.Required("complete").Boolean(),
            };
        }

        private EvaluationResult Result(LocatedJson r)
        {
            r.RequireObject();
            var expected = r.Required("images_expected").Integer(0, int.MaxValue);
            var scored = r.Required("images_scored").Integer(0, expected);
            var reasons = r.Optional("ignored_reasons") is { } ignoredReasons
                ? ignoredReasons.Properties().ToDictionary(p => p.Name, p => p.Value.String(), StringComparer.Ordinal)
                : [];
            var metricsNode = r.Required("metrics");
            DatasetMetrics? metrics = null;
            if (!metricsNode.IsNull)
            {
                var scalars = new List<KeyValuePair<string, double?>>();
                foreach (var (metric, value) in metricsNode.Properties())
                {
                    if (value.Element.ValueKind == JsonValueKind.Object)
                    {
                        scalars.AddRange(value.Properties().Select(inner =>
                            new KeyValuePair<string, double?>(Name(metric + "." + inner.Name), inner.Value.NumberOrNull())));
                    }
                    else
                    {
                        scalars.Add(new(Name(metric), value.NumberOrNull()));
                    }
                }

                var curves = r.Optional("curves") is { IsNull: false } c
                    ? c.Properties().Select(p => new KeyValuePair<string, double[]>(
                        Name(p.Name), p.Value.Items().Select(v => v.NumberOrNull() ?? double.NaN).ToArray())).ToList()
                    : [];
                var undefined = r.Optional("undefined") is { } u
                    ? u.Properties().ToDictionary(p => Name(p.Name), p => (IReadOnlyList<string>)p.Value.Strings(), StringComparer.Ordinal)
                    : [];
                metrics = new DatasetMetrics(scalars, curves, undefined, []);
            }

            var images = r.Optional("per_image") is { } perImageNode ? PerImage(perImageNode) : null;
            return new EvaluationResult
            {
                Method = r.Required("method").NonEmptyString(),
                Dataset = r.Required("dataset").NonEmptyString(),
                ImagesExpected = expected,
                ImagesScored = scored,
                MissingPredictions = r.Optional("missing_predictions")?.Strings() ?? [],
                IgnoredFiles = r.Optional("ignored_files")?.Strings()
                    .Select(f => new IgnoredFile(f, reasons.GetValueOrDefault(f, ""))).ToList() ?? [],
                SkippedByProfile = r.Optional("skipped_by_profile")?.Properties()
                    .Select(p => new IgnoredFile(p.Name, p.Value.String())).ToList() ?? [],
                ResizedPredictions = r.Optional("resized_predictions")?.Strings() ?? [],
                Metrics = metrics,
                Intervals = r.Optional("intervals") is { } intervals ? intervals.Properties().Select(Interval).ToList() : null,
                PerImage = perImage ? images : null,
                Notes = r.Optional("notes")?.Strings() ?? [],
            };
        }

        private List<ImageValues> PerImage(LocatedJson node)
        {
            var images = new List<ImageValues>();
            foreach (var (key, values) in node.Properties())
            {
                var list = values.Properties().Select(v => new KeyValuePair<string, double?>(Name(v.Name), v.Value.NumberOrNull())).ToList();
                if (perImage)
                {
                    images.Add(new ImageValues(key, list));
                }
            }

            return images;
        }

        private KeyValuePair<string, double[]> Interval((string Name, LocatedJson Value) property)
        {
            var bounds = property.Value.Items().Select(b => b.Number()).ToArray();
            if (bounds.Length != 2)
            {
                throw new MetricsFileException(path, $"{property.Value.Path}: expected [low, high], found {bounds.Length} number(s)");
            }

            if (bounds[0] > bounds[1])
            {
                throw new MetricsFileException(path, $"{property.Value.Path}: the interval [{bounds[0]}, {bounds[1]}] is reversed");
            }

            return new(Name(property.Name), bounds);
        }

        private string Name(string name)
        {
            if (!_names.TryGetValue(name, out var pooled))
            {
                _names[name] = pooled = name;
            }

            return pooled;
        }
    }
}
