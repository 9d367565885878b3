namespace CoSod.Evaluation.Results;

/// <summary>
/// The dataset-level numbers of one method on one dataset, in the profile's own vocabulary: scalars under
/// flattened names ("Sm", "Fm.max"), curves in ascending threshold order, and the images each metric was
/// undefined on (left out of that metric's mean, never turned into a NaN dataset number).
/// </summary>
public sealed class DatasetMetrics
{
    public DatasetMetrics(
        IReadOnlyList<KeyValuePair<string, double?>> scalars,
        IReadOnlyList<KeyValuePair<string, double[]>> curves,
        IReadOnlyDictionary<string, IReadOnlyList<string>> undefined,
        IReadOnlyList<string> notes)
    {
        Scalars = scalars;
        Curves = curves;
        Undefined = undefined;
        Notes = notes;
    }

    /// <summary>Flattened metric name to value; null only when no image defines the metric.</summary>
    public IReadOnlyList<KeyValuePair<string, double?>> Scalars { get; }

    /// <summary>"thresholds" first, then precision, recall, fm, em and any profile extras.</summary>
    public IReadOnlyList<KeyValuePair<string, double[]>> Curves { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Undefined { get; }

    public IReadOnlyList<string> Notes { get; }

    public double? this[string name] => Scalars.FirstOrDefault(s => s.Key == name).Value;

    /// <summary>
    /// The numbers of several metric families as one result: the leading curves (the thresholds) first, then each
    /// family's scalars and curves in family order; undefined lists and notes merged.
    /// </summary>
    public static DatasetMetrics Combine(IReadOnlyList<KeyValuePair<string, double[]>> leadingCurves, IReadOnlyList<DatasetMetrics> parts)
    {
        ArgumentNullException.ThrowIfNull(leadingCurves);
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1 && leadingCurves.Count == 0)
        {
            return parts[0];
        }

        var undefined = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, keys) in parts.SelectMany(p => p.Undefined))
        {
            undefined[name] = keys;
        }

        return new DatasetMetrics(
            parts.SelectMany(p => p.Scalars).ToList(),
            leadingCurves.Concat(parts.SelectMany(p => p.Curves)).ToList(),
            undefined,
            parts.SelectMany(p => p.Notes).ToList());
    }

    public double[]? Curve(string name) => Curves.FirstOrDefault(c => c.Key == name).Value;
}
