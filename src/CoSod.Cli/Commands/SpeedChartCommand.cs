using System.CommandLine;
using CoSod.Data.Files;
using CoSod.Evaluation.Results;
using CoSod.Reports.Figures;
using CoSod.Reports.Speed;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod speed-chart</c>: the speed-vs-accuracy bubble chart from run-bench.ps1's model-speed.json and a
/// metrics.json (x = images/s, y = a metric on a dataset, bubble area = parameter MB). Only wiring: the matching and
/// the figure are in CoSod.Reports.
/// </summary>
public static class SpeedChartCommand
{
    private static readonly Option<string> Speed = new("--speed")
    {
        Description = "model-speed.json written by run-bench.ps1 (results/bench/<date>-<machine>/model-speed.json)",
        Required = true,
    };

    private static readonly Option<string> Metrics = new("--metrics")
    {
        Description = "metrics.json whose scores are the y axis, e.g. one written by 'cosod eval', or results/papers/published-metrics.json",
        Required = true,
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder for the chart, speed-accuracy-<Dataset>-<metric>.png and .svg (created if needed)",
        Required = true,
    };

    private static readonly Option<string> Dataset = new("--dataset")
    {
        Description = "Dataset of the scores",
        DefaultValueFactory = _ => "CoCA",
    };

    private static readonly Option<string> Metric = new("--metric")
    {
        Description = "Metric on the y axis (Sm, MAE, wFm, Fm.max, Em.max, ...)",
        DefaultValueFactory = _ => "Sm",
    };

    private static readonly Option<string> Protocol = new("--protocol")
    {
        Description = "Speed rows on the x axis: fps (256x256, CoSOD_fps_collection's) or native (each model's own size)",
        DefaultValueFactory = _ => ModelSpeed.FpsProtocol,
    };

    private static readonly Option<int> Group = new("--group")
    {
        Description = "Group size N of those rows",
        DefaultValueFactory = _ => 8,
    };

    static SpeedChartCommand()
    {
        Protocol.AcceptOnlyFromAmong(ModelSpeed.FpsProtocol, ModelSpeed.NativeProtocol);
        Group.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--group must be a positive number of images.");
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("speed-chart", "Draw the speed-vs-accuracy bubble chart from run-bench.ps1's model-speed.json and a metrics.json")
        {
            Speed, Metrics, Out, Dataset, Metric, Protocol, Group,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var error = context.Error;
        var metricsPath = parse.GetValue(Metrics)!;
        if (!OutputArgument.TryCheck(() => OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out"), error, out var outFolder))
        {
            return ExitCodes.UnusableInput;
        }

        var options = new SpeedAccuracyOptions(
            parse.GetValue(Dataset)!,
            parse.GetValue(Metric)!,
            parse.GetValue(Protocol)!,
            parse.GetValue(Group),
            Path.GetFileName(metricsPath));

        SpeedAccuracyChart chart;
        try
        {
            chart = SpeedAccuracy.Build(ModelSpeedJson.Read(parse.GetValue(Speed)!), MetricsJsonReader.Read(metricsPath), options);
        }
        catch (Exception e) when (e is ModelSpeedFileException or MetricsFileException or SpeedChartException)
        {
            error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        foreach (var note in chart.Notes)
        {
            error.WriteLine("cosod: note: " + note);
        }

        if (chart.Points.Count == 0)
        {
            error.WriteLine($"cosod: nothing to plot: no benchmarked model has {options.Metric} on {options.Dataset} in {metricsPath}.");
            return ExitCodes.UnusableInput;
        }

        var stem = Path.Combine(outFolder, $"speed-accuracy-{options.Dataset}-{options.Metric}");
        try
        {
            using var batch = new OutputBatch();
            FigureOutput.Add(batch, SpeedAccuracyFigure.Build(chart), stem, FigureStyle.Width, FigureStyle.Height);
            batch.Commit();
        }
        catch (OutputException e)
        {
            error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        context.Output.WriteLine($"Wrote {stem}.png and {stem}.svg ({chart.Points.Count} of {chart.Points.Count + chart.LeftOff.Count} models)");
        return ExitCodes.Ok;
    }
}
