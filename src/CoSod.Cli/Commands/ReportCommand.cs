using System.CommandLine;
using CoSod.Data.Files;
using System.Globalization;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Results;
using CoSod.Reports.Breakdown;
using CoSod.Reports.Figures;
using CoSod.Reports.Html;
using CoSod.Reports.Leaderboard;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod report</c>: one self-contained HTML page (&lt;out&gt;/index.html) from one or more metrics.json files:
/// settings, the leaderboard, the curves of every dataset side by side, then per dataset the PR / F / E curves,
/// confidence intervals and per-group breakdowns, and
/// every note and left-out file. Only wiring: the page is a pure function in CoSod.Reports.Html. The inputs are
/// checked as <c>cosod leaderboard</c> checks them.
/// </summary>
public static class ReportCommand
{
    public const string FileName = "index.html";

    private static readonly Argument<string[]> Inputs = new("metrics")
    {
        Description = "metrics.json files written by 'cosod eval' (or folders holding one)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder to write index.html into (created if needed)",
        Required = true,
    };

    private static readonly Option<int> Decimals = new("--decimals")
    {
        Description = "Decimals printed in the tables; best and second best are decided at this precision",
        DefaultValueFactory = _ => 3,
    };

    private static readonly Option<string[]> Metrics = new("--metrics")
    {
        HelpName = "M1,M2,...",
        Description = "Leaderboard and confidence-interval columns in this order, e.g. Em.max,Sm,Fm.max,MAE (default: every metric present)",
    };

    private static readonly Option<string> Metric = new("--metric")
    {
        Description = "The one per-image metric of the per-group breakdown, not the leaderboard's columns (those are --metrics): "
            + "Sm, MAE, wFm, Fm.adp, Em.mean, ...; needs 'cosod eval --per-image'",
        DefaultValueFactory = _ => "Sm",
    };

    private static readonly Option<string> GroupOrderOption = new("--group-order")
    {
        Description = "Rank groups worst first by the mean over methods (mean) or by the first method (first)",
        DefaultValueFactory = _ => "mean",
    };

    private static readonly Option<string?> Title = new("--title")
    {
        Description = "Page title (default: \"" + HtmlReports.DefaultTitle + "\")",
    };

    private static readonly Option<bool> AllowMixedProfiles = new("--allow-mixed-profiles")
    {
        Description = "Allow inputs of different profiles, aggregations or number-changing options; each method is labelled with its setting",
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static ReportCommand()
    {
        GroupOrderOption.AcceptOnlyFromAmong("mean", "first");
        Decimals.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 0 or > LeaderboardOptions.MaxDecimals)
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"--decimals must be between 0 and {LeaderboardOptions.MaxDecimals}, not {value}."));
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("report", "Write one self-contained HTML report (index.html): settings, leaderboard, curves, confidence intervals, per-group breakdowns and notes")
        {
            Inputs, Out, Decimals, Metrics, Metric, GroupOrderOption, Title, AllowMixedProfiles, Verbose,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var verbose = parse.GetValue(Verbose);
        if (!OutputArgument.TryCheck(() => OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out"), context.Error, out var outFolder))
        {
            return ExitCodes.UnusableInput;
        }

        var options = new HtmlReportOptions
        {
            Decimals = parse.GetValue(Decimals),
            AllowMixedProfiles = parse.GetValue(AllowMixedProfiles),
            BreakdownMetric = MetricNameAliases.Canonical(parse.GetValue(Metric)!),
            Metrics = CommandLists.Metrics(parse.GetValue(Metrics)),
            GroupOrder = parse.GetValue(GroupOrderOption) == "first" ? GroupOrder.FirstMethod : GroupOrder.MeanOverMethods,
            Title = parse.GetValue(Title),
        };

        HtmlReport report;
        try
        {
            var inputs = parse.GetValue(Inputs)!
                .Select(path => new LeaderboardInput(path, MetricsJsonReader.Read(path)))
                .ToList();
            report = HtmlReports.Build(inputs, options);
        }
        catch (Exception e) when (e is MetricsFileException or LeaderboardException or ReportException or DuplicateSeriesException)
        {
            var message = e.Message.TrimEnd();
            context.Error.WriteLine("cosod: " + message + (message.EndsWith('.') ? string.Empty : "."));
            if (verbose)
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.UnusableInput;
        }

        var path = Path.Combine(outFolder, FileName);
        try
        {
            OutputBatch.WriteFile(path, report.Html);
        }
        catch (OutputException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {path} ({report.Datasets.Count} dataset(s), {report.Figures} figure(s), {report.IntervalTables} confidence-interval table(s), {report.Breakdowns} group breakdown(s))."));
        return ExitCodes.Ok;
    }
}
