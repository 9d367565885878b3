using System.Globalization;
using CoSod.Evaluation.Results;

namespace CoSod.Reports.Speed;

/// <summary>Speed and accuracy inputs that cannot make a chart (no row for the protocol, a label twice, ...).</summary>
public sealed class SpeedChartException(string message) : Exception(message);

/// <summary>What the chart shows: which dataset, metric, protocol and group size, and where the numbers come from.</summary>
/// <param name="Dataset">The dataset whose scores are the y axis (default CoCA, the hardest benchmark).</param>
/// <param name="Metric">A metrics.json scalar name: Sm, MAE, wFm, Fm.max, Em.max, ...</param>
/// <param name="Protocol">Which speed rows are the x axis: "fps" (256x256, N = 8) or "native".</param>
/// <param name="GroupSize">The group size N of those rows.</param>
/// <param name="MetricsSource">How the y values' source is named on the chart, e.g. the metrics.json's file name.</param>
public sealed record SpeedAccuracyOptions(
    string Dataset = "CoCA",
    string Metric = "Sm",
    string Protocol = ModelSpeed.FpsProtocol,
    int GroupSize = 8,
    string MetricsSource = "metrics.json");

/// <summary>One bubble: a measured model at its speed, its method's score and its size.</summary>
public sealed record SpeedAccuracyPoint(string Label, string Method, double ImagesPerSecond, double Value, double ParameterMebibytes);

/// <summary>Everything the figure draws, and the notes on what it leaves out.</summary>
/// <param name="Options">What was asked for.</param>
/// <param name="Run">The benchmark run the speeds come from (device, threads).</param>
/// <param name="Points">One per measured model whose method has the score, in the run's order.</param>
/// <param name="LeftOff">Labels of the measured models without a score (named on the figure).</param>
/// <param name="Notes">One sentence per model or method left off, and why.</param>
public sealed record SpeedAccuracyChart(
    SpeedAccuracyOptions Options,
    ModelSpeedRun Run,
    IReadOnlyList<SpeedAccuracyPoint> Points,
    IReadOnlyList<string> LeftOff,
    IReadOnlyList<string> Notes);

/// <summary>
/// Joins measured speed (model-speed.json) with accuracy (a metrics.json) by method name, the GCoNet+ paper's
/// Figure 1 as data: x = images per second, y = one metric on one dataset, bubble area = parameter MB. A model whose
/// method has no such score is left off and named in a note; nothing is estimated or filled in.
/// </summary>
public static class SpeedAccuracy
{
    /// <exception cref="SpeedChartException">No speed row follows the protocol with that group size, or a label is there twice.</exception>
    public static SpeedAccuracyChart Build(ModelSpeedRun run, EvaluationReport metrics, SpeedAccuracyOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(options);
        var rows = run.Models.Where(m => m.Follows(options.Protocol) && m.GroupSize == options.GroupSize).ToList();
        if (rows.Count == 0)
        {
            var available = run.Models.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Label} ({m.Protocol}, N={m.GroupSize})"));
            throw new SpeedChartException(
                $"no model was measured with protocol {options.Protocol} and N = {options.GroupSize}; measured: "
                + (run.Models.Count == 0 ? "nothing" : string.Join(", ", available.Distinct())));
        }

        var twice = rows.GroupBy(r => r.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new SpeedChartException(
                $"{twice.Key} has {twice.Count()} rows with protocol {options.Protocol} and N = {options.GroupSize}; expected one");
        }

        var points = new List<SpeedAccuracyPoint>();
        var leftOff = new List<string>();
        var notes = new List<string>();
        foreach (var row in rows)
        {
            var result = metrics.Results.FirstOrDefault(r =>
                SameName(r.Method, row.Method) && SameName(r.Dataset, options.Dataset));
            var value = result?.Metrics?[options.Metric];
            if (result is null || value is not { } || !double.IsFinite(value.Value))
            {
                leftOff.Add(row.Label);
            }

            if (result is null)
            {
                notes.Add($"{row.Label}: {options.MetricsSource} has no {row.Method} result on {options.Dataset}; left off the chart");
            }
            else if (value is not { } v || !double.IsFinite(v))
            {
                notes.Add($"{row.Label}: {options.MetricsSource} has no {options.Metric} for {row.Method} on {options.Dataset}; left off the chart");
            }
            else
            {
                points.Add(new SpeedAccuracyPoint(row.Label, row.Method, row.ImagesPerSecond, v, row.ParameterMebibytes));
            }
        }

        var measured = rows.Select(r => r.Method).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var unmeasured in metrics.Results
            .Where(r => SameName(r.Dataset, options.Dataset) && r.Metrics?[options.Metric] is not null && !measured.Contains(r.Method))
            .Select(r => r.Method)
            .Distinct(StringComparer.OrdinalIgnoreCase))
        {
            notes.Add($"{unmeasured}: scored in {options.MetricsSource} but not benchmarked; left off the chart");
        }

        return new SpeedAccuracyChart(options, run, points, leftOff, notes);
    }

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
