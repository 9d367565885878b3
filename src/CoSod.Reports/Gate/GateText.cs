using System.Globalization;
using System.Text;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Gate;

/// <summary>
/// The gate's console report: one line per regression first (what a CI log reader needs), then every checked value
/// with its delta, then notes, then the summary line <c>gate: N checked, R regressed, I improved</c>.
/// </summary>
public static class GateText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Format(GateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        foreach (var c in result.Comparisons.Where(c => c.Verdict == GateVerdict.Regressed))
        {
            text.Append("REGRESSION  ").Append(Line(c)).Append('\n');
        }

        foreach (var c in result.Comparisons.Where(c => c.Verdict == GateVerdict.Improved))
        {
            text.Append("improved    ").Append(Line(c)).Append('\n');
        }

        if (text.Length > 0)
        {
            text.Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"Profile {result.Profile}, aggregation {result.Aggregation}; ");
        text.Append("tolerance ").Append(Number(result.Options.Tolerance));
        foreach (var (metric, tolerance) in result.Options.MetricTolerances.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            text.Append(", ").Append(metric).Append(' ').Append(Number(tolerance));
        }

        text.Append(" (absolute). Current value and change against the baseline:\n");
        text.Append(Table(result));
        text.Append("(value, then change if any; ! worse than the tolerance allows, + better by more than it, undef = undefined, new = undefined in the baseline)\n");
        foreach (var note in result.Notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture,
            $"gate: {result.Checked} checked, {result.Regressed} regressed, {result.Improved} improved\n");
        return text.ToString();
    }

    /// <summary><c>CoCA / GCoNet+  Sm  0.7360 -> 0.7301  (-0.0059, tolerance 0.0020)</c>.</summary>
    public static string Line(GateComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var delta = c.Delta is { } d ? Signed(d) + ", " : string.Empty;

        // Four decimals as papers print them, six when the change would not show in four.
        var decimals = c.Delta is { } small && Math.Abs(small) < 0.001 ? "F6" : "F4";
        return $"{c.Dataset} / {c.Method}  {c.Metric}  {Value(c.Baseline, decimals)} -> {Value(c.Current, decimals)}  ({delta}tolerance {Number(c.Tolerance)})";
    }

    private static string Table(GateResult result)
    {
        var rows = new List<string[]>
        {
            new[] { "Dataset", "Method" }.Concat(result.Metrics.Select(m => $"{m} {MetricNames.Arrow(m)}")).ToArray(),
        };
        foreach (var pair in result.Comparisons.GroupBy(c => (c.Dataset, c.Method)))
        {
            var cells = new List<string> { pair.Key.Dataset, pair.Key.Method };
            foreach (var metric in result.Metrics)
            {
                var c = pair.First(x => x.Metric == metric);
                var marker = c.Verdict switch
                {
                    GateVerdict.Regressed => " !",
                    GateVerdict.Improved => " +",
                    _ => "  ",
                };
                // An unchanged value shows no delta, so the changes stand out.
                var delta = c.Delta switch
                {
                    null => "    new",
                    0 => new string(' ', 7),
                    { } d => d.ToString("+0.0000;-0.0000;+0.0000", Invariant),
                };
                cells.Add(c.Current is { } value
                    ? value.ToString("F4", Invariant) + " " + delta + marker
                    : "undef" + marker);
            }

            rows.Add([.. cells]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var table = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i])));
            table.Append(line.TrimEnd()).Append('\n');
        }

        return table.ToString();
    }

    private static string Value(double? value, string format) => value is { } v ? v.ToString(format, Invariant) : "undefined";

    /// <summary>At least four decimals (the papers' precision), up to six when the value needs them.</summary>
    private static string Number(double value) => value.ToString("0.0000##", Invariant);

    /// <summary>Signed, four to six decimals; a change too small for six in scientific notation rather than as 0.</summary>
    private static string Signed(double value) => value != 0 && Math.Abs(value) < 0.0000005
        ? (value > 0 ? "+" : string.Empty) + value.ToString("0.##E+0", Invariant)
        : value.ToString("+0.0000##;-0.0000##;0.0000", Invariant);
}
