using System.CommandLine;
using CoSod.Data.Files;
using CoSod.Evaluation.Results;
using CoSod.Evaluation.Running;
using CoSod.Reports.Gate;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod gate</c>: the CI regression gate. Compares a current metrics.json with a baseline and exits 0 when no
/// checked metric got worse by more than its tolerance, 1 when one did, 2 when the files cannot be compared.
/// The comparison lives in <see cref="RegressionGate"/>; this only wires files and options to it.
/// </summary>
public static class GateCommand
{
    private static readonly Option<string> Baseline = new("--baseline")
    {
        Description = "The reference metrics.json (e.g. committed with the code), or the folder holding it",
        Required = true,
    };

    private static readonly Option<string> Current = new("--current")
    {
        Description = "The metrics.json to check (or the folder holding it), written by cosod eval with the baseline's profile and options",
        Required = true,
    };

    private static readonly Option<string[]> Tolerance = new("--tolerance")
    {
        Description = "Absolute tolerance: a number for every metric (default 0.002), or KEY=VALUE for one metric (MAE=0.001); repeatable",
    };

    private static readonly Option<string[]> Metric = new("--metric")
    {
        Description = "A metric to check (Sm, MAE, wFm, Fm.max, Em.mean, AP, ...); repeatable or comma-separated (default: every scalar metric both files have)",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<bool> AllowIncomplete = new("--allow-incomplete")
    {
        Description = "Compare evaluations made with --allow-missing (\"complete\": false) when both scored exactly the same images",
    };

    private static readonly Option<string?> Out = new("--out")
    {
        Description = "Also write the full comparison as JSON to this file",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("gate", "Fail (exit 1) when a metric got worse than a baseline metrics.json by more than its tolerance")
        {
            Baseline, Current, Tolerance, Metric, AllowIncomplete, Out,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var baselinePath = parse.GetValue(Baseline)!;
        var currentPath = parse.GetValue(Current)!;
        var requestedOut = parse.GetValue(Out);
        string? outPath = null;
        if (requestedOut is not null
            && !OutputArgument.TryCheck(() => OutputLocation.CheckFile(requestedOut, "--out"), context.Error, out outPath))
        {
            return ExitCodes.UnusableInput;
        }

        GateResult result;
        try
        {
            var metrics = CommandLists.Metrics(parse.GetValue(Metric));
            var options = GateOptions.WithTolerances(
                new GateOptions
                {
                    Metrics = metrics, BaselineName = baselinePath, CurrentName = currentPath, AllowIncomplete = parse.GetValue(AllowIncomplete),
                },
                parse.GetValue(Tolerance) ?? []);
            var baseline = MetricsJsonReader.Read(baselinePath);
            var current = MetricsJsonReader.Read(currentPath);
            result = RegressionGate.Compare(baseline, current, options);
        }
        catch (Exception e) when (e is GateInputException or MetricsFileException)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        var exitCode = result.Passed ? ExitCodes.Ok : ExitCodes.Regression;
        context.Output.Write(GateText.Format(result));
        if (outPath is not null)
        {
            try
            {
                OutputBatch.WriteFile(outPath, GateJson.Serialize(result, exitCode, EvaluationRunner.ToolVersion));
            }
            catch (OutputException e)
            {
                context.Error.WriteLine("cosod: " + e.Message);
                return ExitCodes.UnusableInput;
            }
        }

        if (!result.Passed)
        {
            context.Error.WriteLine(
                $"cosod: gate failed: {result.Regressed} value(s) got worse than their tolerance against {baselinePath}.");
        }

        return exitCode;
    }
}
