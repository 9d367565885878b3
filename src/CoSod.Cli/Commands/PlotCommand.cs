using System.CommandLine;
using CoSod.Data.Files;
using System.Globalization;
using CoSod.Evaluation.Results;
using CoSod.Reports.Breakdown;
using CoSod.Reports.Figures;
using ScottPlot;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod plot</c>: PR, F and (with --em) E curves per dataset from one or more metrics.json files, and with
/// --group-breakdown the per-group means of a per-image metric as CSV, Markdown and a bar figure. Only wiring:
/// the figures and tables are pure functions in CoSod.Reports.
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
        Description = "Also draw the E-measure curves (ecurve-<Dataset>.png|svg)",
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
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("plot", "Draw PR, F-measure and E-measure curves per dataset, and per-group breakdowns, from metrics.json files")
        {
            Inputs, Out, EMeasure, GroupBreakdown, Metric, GroupOrderOption, Verbose,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var error = context.Error;
        string outFolder;
        try
        {
            outFolder = OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out");
        }
        catch (OutputException e)
        {
            error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        var metric = parse.GetValue(Metric)!;
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
        IReadOnlyList<string> notes;
        try
        {
            datasets = CurvePanels.ByDataset(reports);
            panels = CurvePanels.FromReports(reports, out notes);
        }
        catch (DuplicateSeriesException e)
        {
            error.WriteLine("cosod: " + e.Message + ".");
            return ExitCodes.UnusableInput;
        }

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
            foreach (var panel in panels.Where(p => p.Series.Count > 0))
            {
                Save(batch, CurveFigures.PrecisionRecall(panel), outFolder, "pr-" + panel.Dataset, FigureStyle.Width, FigureStyle.Height, written);
                Save(batch, CurveFigures.FMeasure(panel), outFolder, "fcurve-" + panel.Dataset, FigureStyle.Width, FigureStyle.Height, written);
                if (parse.GetValue(EMeasure))
                {
                    if (panel.Series.Any(s => s.Em is not null))
                    {
                        Save(batch, CurveFigures.EMeasure(panel), outFolder, "ecurve-" + panel.Dataset, FigureStyle.Width, FigureStyle.Height, written);
                    }
                    else
                    {
                        notes = [.. notes, $"{panel.Dataset}: no method has an E-measure curve; ecurve-{panel.Dataset} not drawn"];
                    }
                }
            }

            foreach (var (breakdown, methods) in breakdowns)
            {
                var stem = "groups-" + breakdown.Dataset;
                WriteText(batch, Path.Combine(outFolder, stem + ".csv"), BreakdownTables.GroupsCsv(breakdown), written);
                WriteText(batch, Path.Combine(outFolder, stem + ".md"), BreakdownTables.GroupsMarkdown(breakdown), written);
                var (width, height) = GroupBreakdownFigure.SizeOf(breakdown);
                Save(batch, GroupBreakdownFigure.Build(breakdown), outFolder, stem, width, height, written);
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

    private static void Save(OutputBatch batch, Plot plot, string folder, string stem, int width, int height, List<string> written) =>
        written.AddRange(FigureOutput.Add(batch, plot, Path.Combine(folder, stem), width, height));

    private static void WriteText(OutputBatch batch, string path, string content, List<string> written)
    {
        batch.Add(path, System.Text.Encoding.UTF8.GetBytes(content));
        written.Add(path);
    }
}
