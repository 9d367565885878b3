using CoSod.Evaluation.Results;
using CoSod.Tests.Infrastructure;
using static CoSod.Tests.Leaderboard.SyntheticReports;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// The table a CoSOD paper prints: ten methods named as the papers name them, three datasets, all nine metrics of the
/// default profile, and one incomplete cell (UFO scored 9 of 10 CoCA images). Numbers are made up but distinct, so
/// every column has a clear best, second and third.
/// </summary>
internal static class PaperTables
{
    public static readonly string[] Methods = ["GCoNet+", "GCoNet", "GICD", "CADC", "DCFM", "UFO", "CoRP", "MCCL", "GEM", "CoADNet"];

    public static readonly string[] Datasets = ["CoCA", "CoSOD3k", "CoSal2015"];

    public static readonly string[] AllMetrics = ["Sm", "MAE", "wFm", "Fm.max", "Fm.mean", "Fm.adp", "Em.max", "Em.mean", "Em.adp"];

    /// <summary>The metric set GCoNet+ (TPAMI 2023) prints, in its order.</summary>
    public const string GcoNetPlusMetrics = "Em.max,Sm,Fm.max,MAE";

    /// <summary>A made-up value: method i's quality falls with i, datasets differ, metrics are spread apart.</summary>
    public static double Value(int method, int dataset, int metric)
    {
        var quality = 0.9 - (0.021 * method) - (0.07 * (2 - dataset)) + (0.0013 * ((method * 7 + metric * 3 + dataset) % 5));
        return AllMetrics[metric] == "MAE" ? 0.5 - (0.45 * quality) : quality - (0.01 * metric);
    }

    public static EvaluationReport Report()
    {
        var results = new List<EvaluationResult>();
        for (var m = 0; m < Methods.Length; m++)
        {
            for (var d = 0; d < Datasets.Length; d++)
            {
                var values = AllMetrics.Select((name, k) => (name, (double?)Value(m, d, k))).ToArray();
                var incomplete = Methods[m] == "UFO" && Datasets[d] == "CoCA";
                results.Add(Result(Methods[m], Datasets[d], incomplete ? 9 : 10, 10, values));
            }
        }

        return SyntheticReports.Report("pysodmetrics", [.. results]);
    }

    /// <summary>The report written as a metrics.json in <paramref name="tree"/>.</summary>
    public static string Write(TempTree tree, string name = "paper.json") => tree.Bytes(name, MetricsJson.Serialize(Report()));

    /// <summary>A two-column IEEE conference paper (Times; its table* sets \footnotesize).</summary>
    public static string IeeeConference(params string[] tables) =>
        "\\documentclass[conference]{IEEEtran}\n\\usepackage{booktabs}\n\\usepackage{graphicx}\n\\begin{document}\n"
        + string.Join("\\clearpage\n", tables) + "\\end{document}\n";

    /// <summary>A two-column article with a 7.16 in text width (Computer Modern at 10 pt).</summary>
    public static string TwoColumnArticle(params string[] tables) =>
        "\\documentclass[twocolumn]{article}\n\\usepackage[textwidth=7.16in]{geometry}\n\\usepackage{booktabs}\n\\usepackage{graphicx}\n\\begin{document}\n"
        + string.Join("\\clearpage\n", tables) + "\\end{document}\n";
}
