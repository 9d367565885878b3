namespace CoSod.Reports.Gate;

/// <summary>What the gate concluded about one value.</summary>
public enum GateVerdict
{
    /// <summary>Within the tolerance either way (or newly defined where the baseline was undefined).</summary>
    Pass,

    /// <summary>Better by more than the tolerance: reported, never a failure.</summary>
    Improved,

    /// <summary>Worse by more than the tolerance, or undefined where the baseline was defined.</summary>
    Regressed,

    /// <summary>Undefined in both files: nothing to compare.</summary>
    Skipped,
}

/// <summary>One metric of one method on one dataset, baseline against current.</summary>
public sealed record GateComparison(
    string Method,
    string Dataset,
    string Metric,
    double? Baseline,
    double? Current,
    double Tolerance,
    bool LowerIsBetter,
    GateVerdict Verdict)
{
    /// <summary>current - baseline; null when either is undefined.</summary>
    public double? Delta => Baseline is { } b && Current is { } c ? c - b : null;

    public static string VerdictName(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Pass => "pass",
        GateVerdict.Improved => "improved",
        GateVerdict.Regressed => "regressed",
        _ => "skipped",
    };
}

/// <summary>The outcome of <see cref="RegressionGate.Compare"/>: every compared value in a fixed order, and notes.</summary>
public sealed class GateResult
{
    public required GateOptions Options { get; init; }

    public required string Profile { get; init; }

    public required string Aggregation { get; init; }

    /// <summary>The metrics checked, in the conventional column order.</summary>
    public required IReadOnlyList<string> Metrics { get; init; }

    /// <summary>Baseline result order, then <see cref="Metrics"/> order.</summary>
    public required IReadOnlyList<GateComparison> Comparisons { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Values actually compared (skipped ones are not counted).</summary>
    public int Checked => Comparisons.Count(c => c.Verdict != GateVerdict.Skipped);

    public int Regressed => Comparisons.Count(c => c.Verdict == GateVerdict.Regressed);

    public int Improved => Comparisons.Count(c => c.Verdict == GateVerdict.Improved);

    public int Skipped => Comparisons.Count(c => c.Verdict == GateVerdict.Skipped);

    public bool Passed => Regressed == 0;
}
