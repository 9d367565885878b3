using System.CommandLine;
using CoSod.Cli.Commands;
using CoSod.Cli.Extension;

namespace CoSod.Cli;

/// <summary>Builds the command tree and runs it against the given writers; the entry point tests call.</summary>
public static class CosodApp
{
    public static RootCommand BuildRoot(CliContext context) => new("cosod: evaluate co-salient object detection results exactly as the reference toolboxes do")
    {
        EvalCommand.Create(context),
        CheckCommand.Create(context),
        LeaderboardCommand.Create(context),
        PlotCommand.Create(context),
        GalleryCommand.Create(context),
        GateCommand.Create(context),
        CompareCommand.Create(context),
        ReportCommand.Create(context),
        context.Models.CreatePredictCommand(context),
        SpeedChartCommand.Create(context),
    };

    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="interactive">Whether a person watches (progress bars only then).</param>
    /// <param name="models">The model package's commands; null: the base package's stand-ins, which name the install command.</param>
    public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, IModelSupport? models = null)
    {
        var context = new CliContext(output, error, interactive, models ?? ModelPackageMissing.Instance);
        var root = BuildRoot(context);
        var parse = root.Parse(args);
        var problems = UsageProblems.Find(parse);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                error.WriteLine("cosod: " + problem);
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

/// <summary>Where a command writes, whether a person is watching (progress bars only then), and what the model package adds.</summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive, IModelSupport Models);
