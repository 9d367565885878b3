using System.Globalization;

namespace CoSod.Reports.Gate;

/// <summary>What <see cref="RegressionGate.Compare"/> checks and how much worsening it accepts.</summary>
public sealed record GateOptions
{
    /// <summary>
    /// The global absolute tolerance. metrics.json is deterministic (bit-identical for any thread count, and
    /// written in shortest round-trip form), so re-running unchanged code on unchanged data moves no number at
    /// all; any difference comes from a real change (model, data, decoding, metric code). Papers print three
    /// decimals, and 0.002 is the smallest tolerance that lets a number drift by one rounding step of such a
    /// table (up to one unit of the third decimal, plus rounding on both sides) while still failing on a change a
    /// reader of that table would see as a different result. Tighter gates pass --tolerance 0 or per metric.
    /// </summary>
    public const double DefaultTolerance = 0.002;

    /// <summary>A difference equal to the tolerance up to this much floating-point noise passes.</summary>
    public const double Noise = 1e-12;

    /// <summary>Absolute tolerance of every metric without its own entry in <see cref="MetricTolerances"/>.</summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Per-metric absolute tolerances (flattened names: "MAE", "Fm.max"), overriding <see cref="Tolerance"/>.</summary>
    public IReadOnlyDictionary<string, double> MetricTolerances { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>The metrics to check; null checks every scalar metric both files have.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>
    /// Compare evaluations that are incomplete (<c>--allow-missing</c>), provided both scored exactly the same images;
    /// otherwise an incomplete file is refused.
    /// </summary>
    public bool AllowIncomplete { get; init; }

    /// <summary>How messages name the baseline file (its path, in the CLI).</summary>
    public string BaselineName { get; init; } = "baseline";

    /// <summary>How messages name the current file.</summary>
    public string CurrentName { get; init; } = "current";

    public double ToleranceOf(string metric) => MetricTolerances.TryGetValue(metric, out var t) ? t : Tolerance;

    /// <summary>
    /// Reads --tolerance values: a bare number sets the global tolerance, <c>KEY=VALUE</c> one metric's. Numbers are
    /// invariant-culture, finite and not negative; a key or the global value may be given once.
    /// </summary>
    public static GateOptions WithTolerances(GateOptions options, IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(values);
        double? global = null;
        var perMetric = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in values)
        {
            var text = raw.Trim();
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                var value = ParseTolerance(raw, text);
                if (global is not null)
                {
                    throw new GateInputException($"--tolerance {raw}: the global tolerance is given twice; give one bare number and KEY=VALUE for single metrics.");
                }

                global = value;
                continue;
            }

            var key = text[..equals].Trim();
            if (key.Length == 0)
            {
                throw new GateInputException($"--tolerance {raw}: no metric name before '='; write KEY=VALUE, e.g. MAE=0.001.");
            }

            var metricValue = ParseTolerance(raw, text[(equals + 1)..].Trim());
            if (!perMetric.TryAdd(key, metricValue))
            {
                throw new GateInputException($"--tolerance {raw}: the tolerance of {key} is given twice.");
            }
        }

        return options with
        {
            Tolerance = global ?? options.Tolerance,
            MetricTolerances = perMetric,
        };
    }

    private static double ParseTolerance(string raw, string number)
    {
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new GateInputException($"--tolerance {raw}: '{number}' is not a number; write a number (0.002) or KEY=VALUE (MAE=0.001).");
        }

        if (value < 0)
        {
            throw new GateInputException($"--tolerance {raw}: a tolerance cannot be negative.");
        }

        return value;
    }
}
