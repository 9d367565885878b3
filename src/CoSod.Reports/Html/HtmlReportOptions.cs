using CoSod.Reports.Breakdown;

namespace CoSod.Reports.Html;

/// <summary>Settings of <c>cosod report</c>; the defaults are the command line's.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>Decimals of the leaderboard, the confidence intervals and the group tables (0..10).</summary>
    public int Decimals { get; init; } = 3;

    /// <summary>Allow inputs of different profiles, aggregations or number-changing options (rows say which).</summary>
    public bool AllowMixedProfiles { get; init; }

    /// <summary>The leaderboard's and the intervals' metric columns, in this order; null: every metric present.</summary>
    public IReadOnlyList<string>? Metrics { get; init; }

    /// <summary>The per-image metric of the per-group breakdown (Sm, MAE, wFm, Fm.adp, Em.mean, ...).</summary>
    public string BreakdownMetric { get; init; } = "Sm";

    /// <summary>How the breakdown ranks groups, worst first.</summary>
    public GroupOrder GroupOrder { get; init; } = GroupOrder.MeanOverMethods;

    /// <summary>The page title; null: "CoSOD evaluation report".</summary>
    public string? Title { get; init; }
}

/// <summary>Inputs a report cannot be made from (beyond what the leaderboard refuses): one line.</summary>
public sealed class ReportException(string message) : Exception(message);

/// <summary>A rendered report: the page and what it holds, for the command's summary line.</summary>
public sealed record HtmlReport(string Html, IReadOnlyList<string> Datasets, int Figures, int IntervalTables, int Breakdowns);
