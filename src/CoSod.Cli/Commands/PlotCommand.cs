using System.CommandLine;
using CoSod.Data.Files;
using System.Globalization;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Results;
using CoSod.Reports.Breakdown;
using CoSod.Reports.Figures;
using CoSod.Reports.Leaderboard;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod plot</c>: PR and F curves per dataset (and with --figures E, ROC, IoU and Dice curves and the Sm-versus-MAE
/// scatter) from one or more metrics.json files as PNG, SVG and PDF, one file per dataset or (--panels row) one
/// figure with a panel per dataset; with --group-breakdown the per-group means of a per-image metric as CSV,
/// Markdown and a bar figure. Only wiring: the figures and tables are pure functions in CoSod.Reports.
/// </summary>
public static class PlotCommand
{
    private static readonly Argument<string[]> Inputs = new("metrics")
    {
        Description = "metrics.json files written by 'cosod eval' (several: their lines share one figure per dataset)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder for the figures (PNG and SVG) and tables (created if needed)",
        Required = true,
    };

    private static readonly Option<bool> EMeasure = new("--em")
    {
        Description = "Also draw the E-measure curves (the same as adding ecurve to --figures)",
    };

    private static readonly Option<string[]> Figures = new("--figures")
    {
        HelpName = "pr,fcurve,...",
        Description = "Figures to draw, comma-separated: " + string.Join(", ", FigureKinds.Names) + ", or all (default: pr,fcurve)",
    };

    private static readonly Option<string> Panels = new("--panels")
    {
        Description = "single: one file per figure and dataset; row: one figure per kind with a panel per dataset and one legend",
        DefaultValueFactory = _ => "single",
    };

    private static readonly Option<bool> AllowMixedProfiles = new("--allow-mixed-profiles")
    {
        Description = "Allow inputs of different profiles, aggregations or number-changing options in one figure (each method is labelled with its setting)",
    };

    private static readonly Option<string[]> GroupBreakdown = new("--group-breakdown")
    {
        Description = "Datasets to break down per group, comma-separated (needs metrics.json written with 'cosod eval --per-image')",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string> Metric = new("--metric")
    {
        Description = "Per-image metric of the group breakdown (Sm, MAE, wFm, Fm.adp, Em.mean, ...)",
        DefaultValueFactory = _ => "Sm",
    };

    private static readonly Option<string> GroupOrderOption = new("--group-order")
    {
        Description = "Rank groups worst first by the mean over methods (mean) or by the first method (first)",
        DefaultValueFactory = _ => "mean",
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static PlotCommand()
    {
        GroupOrderOption.AcceptOnlyFromAmong("mean", "first");
        Panels.AcceptOnlyFromAmong("single", "row");
        Figures.Validators.Add(r =>
        {
            foreach (var name in CommandLists.Split(r.GetValueOrDefault<string[]>()) ?? [])
            {
                if (name != "all" && !FigureKinds.TryParse(name, out _))
                {
                    r.AddError($"--figures {name}: not a figure; choose from {string.Join(", ", FigureKinds.Names)} or all.");
                }
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("plot", "Draw PR, F, E, ROC, IoU and Dice curves, the Sm-vs-MAE scatter and per-group breakdowns from metrics.json files (PNG, SVG, PDF)")
        {
            Inputs, Out, Figures, EMeasure, Panels, GroupBreakdown, Metric, GroupOrderOption, AllowMixedProfiles, Verbose,
        };
        foreach (var option in FigureCommandOptions.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var error = context.Error;
        if (!OutputArgument.TryCheck(() => OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out"), error, out var outFolder))
        {
            return ExitCodes.UnusableInput;
        }

        var metric = MetricNameAliases.Canonical(parse.GetValue(Metric)!);
        var order = parse.GetValue(GroupOrderOption) == "first" ? GroupOrder.FirstMethod : GroupOrder.MeanOverMethods;
        var breakdownDatasets = CommandLists.Split(parse.GetValue(GroupBreakdown))?.ToList() ?? [];
        var verbose = parse.GetValue(Verbose);

        var reports = new List<LoadedReport>();
        foreach (var path in parse.GetValue(Inputs)!)
        {
            try
            {
                reports.Add(new LoadedReport(path, MetricsJsonReader.Read(path)));
            }
            catch (MetricsFileException e)
            {
                error.WriteLine("cosod: " + e.Message);
                if (verbose)
                {
                    error.WriteLine(e.ToString());
                }

                return ExitCodes.UnusableInput;
            }
        }

        IReadOnlyList<DatasetMembers> datasets;
        IReadOnlyList<CurvePanel> panels;
        IReadOnlyList<string> curveNotes;
        FigureOptions figureOptions;
        try
        {
            LeaderboardBuilder.CheckSettings(
                reports.Select(r => new LeaderboardInput(r.Path, r.Report)).ToList(), parse.GetValue(AllowMixedProfiles));
            figureOptions = FigureCommandOptions.Read(parse);
            datasets = CurvePanels.ByDataset(reports, figureOptions);
            panels = CurvePanels.FromReports(reports, figureOptions, out curveNotes);
        }
        catch (Exception e) when (e is DuplicateSeriesException or LeaderboardException or FigureException)
        {
            var message = e.Message.TrimEnd();
            error.WriteLine("cosod: " + message + (message.EndsWith('.') ? string.Empty : "."));
            return ExitCodes.UnusableInput;
        }

        var notes = curveNotes.ToList();

        if (panels.All(p => p.Series.Count == 0))
        {
            error.WriteLine("cosod: nothing to plot: no method has curves in " + string.Join(", ", reports.Select(r => r.Path)) + ".");
            return ExitCodes.UnusableInput;
        }

        // Check every breakdown before writing anything, so a usage error leaves no partial output.
        var breakdowns = new List<(GroupBreakdown Breakdown, IReadOnlyList<MethodImages> Methods)>();
        foreach (var name in breakdownDatasets)
        {
            var problem = PrepareBreakdown(datasets, name, metric, order, out var prepared);
            if (problem is not null)
            {
                error.WriteLine("cosod: " + problem);
                return ExitCodes.UnusableInput;
            }

            breakdowns.Add(prepared!.Value);
        }

        var written = new List<string>();
        try
        {
            using var batch = new OutputBatch();
            var row = parse.GetValue(Panels) == "row";
            foreach (var (stem, figure) in FigureKinds.Figures(panels, Kinds(parse), figureOptions, row, notes))
            {
                written.AddRange(FigureOutput.Add(batch, figure, Path.Combine(outFolder, stem)));
            }

            foreach (var (breakdown, methods) in breakdowns)
            {
                var stem = "groups-" + breakdown.Dataset;
                WriteText(batch, Path.Combine(outFolder, stem + ".csv"), BreakdownTables.GroupsCsv(breakdown), written);
                WriteText(batch, Path.Combine(outFolder, stem + ".md"), BreakdownTables.GroupsMarkdown(breakdown), written);
                var (width, height) = GroupBreakdownFigure.SizeOf(breakdown);
                var size = (width / FigureOptions.LogicalDpi, height / FigureOptions.LogicalDpi);
                written.AddRange(FigureOutput.Add(batch, FigureCanvas.Single(GroupBreakdownFigure.Build(breakdown),
                    new FigureOptions { SizeInches = size, Dpi = figureOptions.Dpi }), Path.Combine(outFolder, stem)));
                WriteText(batch, Path.Combine(outFolder, "per-image-" + breakdown.Dataset + ".csv"), BreakdownTables.PerImageCsv(methods), written);
            }

            batch.Commit();
        }
        catch (OutputException e)
        {
            error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        foreach (var note in notes)
        {
            error.WriteLine("cosod: note: " + note);
        }

        foreach (var (breakdown, _) in breakdowns)
        {
            var worst = breakdown.Groups.Take(3).Select(g => g.Group);
            context.Output.WriteLine($"{breakdown.Dataset}: worst groups by {breakdown.Metric}: {string.Join(", ", worst)}");
        }

        context.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Wrote {written.Count} file(s) to {outFolder}: {string.Join(", ", written.Select(Path.GetFileName))}"));
        return ExitCodes.Ok;
    }

    /// <summary>Null when the breakdown can be made; otherwise the one-line problem.</summary>
    private static string? PrepareBreakdown(
        IReadOnlyList<DatasetMembers> datasets,
        string name,
        string metric,
        GroupOrder order,
        out (GroupBreakdown, IReadOnlyList<MethodImages>)? prepared)
    {
        prepared = null;
        var dataset = datasets.FirstOrDefault(d => d.Dataset == name);
        if (dataset is null)
        {
            return $"--group-breakdown {name}: no such dataset in the inputs (they hold {string.Join(", ", datasets.Select(d => d.Dataset))})."
                + CoSod.Data.Datasets.Suggestions.DidYouMeanSentence(name, datasets.Select(d => d.Dataset));
        }

        var methods = new List<MethodImages>();
        foreach (var member in dataset.Members)
        {
            if (member.Result.PerImage is not { } images)
            {
                return $"{member.Input.Path}: {member.Result.Method}/{name} has no per-image values, which a group breakdown needs. "
                    + "Re-run 'cosod eval' with --per-image, then plot that metrics.json.";
            }

            if (images.Count > 0 && !images.Any(i => i.Values.Any(v => v.Key == metric)))
            {
                var available = images.SelectMany(i => i.Values.Select(v => v.Key)).Distinct(StringComparer.Ordinal);
                return $"--metric {metric}: {member.Result.Method}/{name} ({member.Input.Path}) has no per-image {metric}; "
                    + $"it has {string.Join(", ", available)}." + CoSod.Data.Datasets.Suggestions.DidYouMeanSentence(metric, available);
            }

            methods.Add(new MethodImages(member.Label, member.StyleIndex, images));
        }

        if (methods.All(m => m.Images.Count == 0))
        {
            return $"--group-breakdown {name}: no image was scored, so there is nothing to break down.";
        }

        prepared = (GroupBreakdowns.Compute(name, metric, dataset.SourceText, methods, order), methods);
        return null;
    }

    /// <summary>The kinds asked for: --figures (all: every kind), plus ecurve with --em; default pr and fcurve.</summary>
    private static List<FigureKind> Kinds(ParseResult parse)
    {
        var names = CommandLists.Split(parse.GetValue(Figures)) ?? ["pr", "fcurve"];
        var kinds = names.Contains("all") ? FigureKinds.All.ToList() : names.Select(n => FigureKinds.TryParse(n, out var k) ? k : default).ToList();
        if (parse.GetValue(EMeasure) && !kinds.Contains(FigureKind.ECurve))
        {
            kinds.Add(FigureKind.ECurve);
        }

        return kinds.Distinct().OrderBy(k => k).ToList();
    }

    private static void WriteText(OutputBatch batch, string path, string content, List<string> written)
    {
        batch.Add(path, System.Text.Encoding.UTF8.GetBytes(content));
        written.Add(path);
    }
}
