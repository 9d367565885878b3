using System.Text.Json;
using CoSod.Data.Datasets;

namespace CoSod.Evaluation.Results;

/// <summary>A metrics.json that cannot be used: not JSON, not ours, or missing a field the contract requires.</summary>
public sealed class MetricsFileException(string path, string problem)
    : Exception($"{path}: {problem}. Pass a metrics.json written by 'cosod eval'.")
{
    public string FilePath { get; } = path;
}

/// <summary>
/// Reads metrics.json back into an <see cref="EvaluationReport"/>: the input of leaderboards, figures, the CI
/// gate and comparisons. Strict about the fields the contract names, tolerant of fields it does not know.
/// </summary>
public static class MetricsJsonReader
{
    public static EvaluationReport Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MetricsFileException(path, "cannot be read (" + e.Message + ")");
        }

        return Parse(bytes, path);
    }

    public static EvaluationReport Parse(byte[] json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("tool", out var tool)
                || tool.GetProperty("name").GetString() != MetricsJson.ToolName)
            {
                throw new MetricsFileException(path, "not a cosod metrics.json (no tool.name \"cosod\")");
            }

            return new EvaluationReport
            {
                ToolVersion = tool.GetProperty("version").GetString() ?? "",
                Profile = Required(root, "profile", path).GetString()!,
                Aggregation = Required(root, "aggregation", path).GetString()!,
                Results = Required(root, "results", path).EnumerateArray().Select(r => ReadResult(r, path)).ToList(),
                Options = root.TryGetProperty("options", out var options)
                    ? options.EnumerateObject().Select(o => new KeyValuePair<string, string>(o.Name, o.Value.ToString())).ToList()
                    : [],
                DeclaredComplete = Required(root, "complete", path).GetBoolean(),
            };
        }
        catch (JsonException e)
        {
            throw new MetricsFileException(path, "is not valid JSON (" + e.Message + ")");
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new MetricsFileException(path, "does not follow the metrics.json schema (" + e.Message + ")");
        }
    }

    private static JsonElement Required(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var value)
            ? value
            : throw new MetricsFileException(path, $"has no \"{name}\" field");

    private static EvaluationResult ReadResult(JsonElement r, string path)
    {
        var reasons = r.TryGetProperty("ignored_reasons", out var ignoredReasons)
            ? ignoredReasons.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "")
            : [];
        DatasetMetrics? metrics = null;
        if (r.TryGetProperty("metrics", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            var scalars = new List<KeyValuePair<string, double?>>();
            foreach (var property in m.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    scalars.AddRange(property.Value.EnumerateObject()
                        .Select(inner => new KeyValuePair<string, double?>(property.Name + "." + inner.Name, Number(inner.Value))));
                }
                else
                {
                    scalars.Add(new(property.Name, Number(property.Value)));
                }
            }

            var curves = r.TryGetProperty("curves", out var c) && c.ValueKind == JsonValueKind.Object
                ? c.EnumerateObject()
                    .Select(p => new KeyValuePair<string, double[]>(p.Name, p.Value.EnumerateArray().Select(v => Number(v) ?? double.NaN).ToArray()))
                    .ToList()
                : [];
            var undefined = r.TryGetProperty("undefined", out var u)
                ? u.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Strings(p.Value))
                : [];
            metrics = new DatasetMetrics(scalars, curves, undefined, []);
        }

        return new EvaluationResult
        {
            Method = Required(r, "method", path).GetString()!,
            Dataset = Required(r, "dataset", path).GetString()!,
            ImagesExpected = Required(r, "images_expected", path).GetInt32(),
            ImagesScored = Required(r, "images_scored", path).GetInt32(),
            MissingPredictions = r.TryGetProperty("missing_predictions", out var missing) ? Strings(missing) : [],
            IgnoredFiles = r.TryGetProperty("ignored_files", out var ignored)
                ? Strings(ignored).Select(f => new IgnoredFile(f, reasons.GetValueOrDefault(f, ""))).ToList()
                : [],
            SkippedByProfile = r.TryGetProperty("skipped_by_profile", out var skipped)
                ? skipped.EnumerateObject().Select(p => new IgnoredFile(p.Name, p.Value.GetString() ?? "")).ToList()
                : [],
            ResizedPredictions = r.TryGetProperty("resized_predictions", out var resized) ? Strings(resized) : [],
            Metrics = metrics,
            Intervals = r.TryGetProperty("intervals", out var intervals) && intervals.ValueKind == JsonValueKind.Object
                ? intervals.EnumerateObject()
                    .Select(p => new KeyValuePair<string, double[]>(p.Name, p.Value.EnumerateArray().Select(v => Number(v) ?? double.NaN).ToArray()))
                    .ToList()
                : null,
            PerImage = r.TryGetProperty("per_image", out var perImage) && perImage.ValueKind == JsonValueKind.Object
                ? perImage.EnumerateObject()
                    .Select(image => new ImageValues(image.Name, image.Value.EnumerateObject()
                        .Select(v => new KeyValuePair<string, double?>(v.Name, Number(v.Value))).ToList()))
                    .ToList()
                : null,
            Notes = r.TryGetProperty("notes", out var notes) ? Strings(notes) : [],
        };
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString() ?? "").ToList();

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
