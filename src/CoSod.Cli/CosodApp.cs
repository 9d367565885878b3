using System.CommandLine;
using CoSod.Cli.Commands;

namespace CoSod.Cli;

/// <summary>Builds the command tree and runs it against the given writers; the entry point tests call.</summary>
public static class CosodApp
{
    public static RootCommand BuildRoot(CliContext context) => new("cosod: evaluate co-salient object detection results exactly as the reference toolboxes do")
    {
        EvalCommand.Create(context),
        LeaderboardCommand.Create(context),
        PlotCommand.Create(context),
        GalleryCommand.Create(context),
        GateCommand.Create(context),
        CompareCommand.Create(context),
        ReportCommand.Create(context),
        PredictCommand.Create(context),
        SpeedChartCommand.Create(context),
    };

    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var context = new CliContext(output, error, interactive);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine("cosod: " + problem.Message);
            }

            error.WriteLine("Run 'cosod --help' or 'cosod <command> --help' for usage.");
            return ExitCodes.UnusableInput;
        }

        return parse.Invoke(new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
        });
    }
}

/// <summary>Where a command writes, and whether a person is watching (progress bars only then).</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive);
