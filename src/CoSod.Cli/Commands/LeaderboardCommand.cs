using System.CommandLine;
using CoSod.Data.Files;
using System.Globalization;
using CoSod.Evaluation.Results;
using CoSod.Reports.Leaderboard;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod leaderboard</c>: one paper-style table (methods as rows, datasets x metrics as column groups) from one
/// or more metrics.json files, as Markdown, LaTeX, CSV, JSON or HTML. Wiring only: the table is built by
/// <see cref="Leaderboards"/>.
/// </summary>
public static class LeaderboardCommand
{
    private static readonly Argument<string[]> Inputs = new("metrics.json")
    {
        Description = "metrics.json files written by 'cosod eval' (or folders holding one); methods keep the order they first appear in",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Format = new("--format")
    {
        Description = "md, latex, csv, json or html (default: from the --out extension, else md)",
    };

    private static readonly Option<string?> Out = new("--out")
    {
        HelpName = "file",
        Description = "File to write (default: standard output)",
    };

    private static readonly Option<int> Decimals = new("--decimals")
    {
        HelpName = "N",
        Description = "Decimals printed; best and second best are decided at this precision",
        DefaultValueFactory = _ => 3,
    };

    private static readonly Option<string?> Sort = new("--sort")
    {
        HelpName = "Dataset:Metric",
        Description = "Sort rows by Dataset:Metric, best first in that metric's direction (default: input order)",
    };

    private static readonly Option<string[]> Metrics = new("--metrics")
    {
        HelpName = "M1,M2,...",
        Description = "Metric columns in this order, comma-separated, e.g. Em.max,Sm,Fm.max,MAE (default: all present, conventional order)",
    };

    private static readonly Option<string[]> Datasets = new("--datasets")
    {
        HelpName = "D1,D2,...",
        Description = "Datasets in this order, comma-separated (default: all, in order of first appearance)",
    };

    private static readonly Option<string?> Caption = new("--caption")
    {
        HelpName = "text",
        Description = "Caption (plain text, escaped for the format); LaTeX gets a default one",
    };

    private static readonly Option<bool> AllowMixedProfiles = new("--allow-mixed-profiles")
    {
        Description = "Allow inputs of different profiles or aggregations in one table (each method then shows its profile, and a note says so)",
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static LeaderboardCommand()
    {
        Format.AcceptOnlyFromAmong([.. LeaderboardFormats.Names]);
        Decimals.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value is < 0 or > LeaderboardOptions.MaxDecimals)
            {
                r.AddError(string.Create(CultureInfo.InvariantCulture,
                    $"--decimals must be between 0 and {LeaderboardOptions.MaxDecimals}, not {value}."));
            }
        });
        Sort.Validators.Add(r =>
        {
            if (!LeaderboardSort.TryParse(r.GetValueOrDefault<string?>(), out _))
            {
                r.AddError($"--sort takes Dataset:Metric (for example CoCA:Sm), not '{r.GetValueOrDefault<string?>()}'.");
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("leaderboard", "Make a paper-style table (methods x datasets x metrics) from metrics.json files: md, latex, csv, json or html")
        {
            Inputs, Format, Out, Decimals, Sort, Metrics, Datasets, Caption, AllowMixedProfiles, Verbose,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var outPath = parse.GetValue(Out);
        if (outPath is not null)
        {
            try
            {
                outPath = OutputLocation.CheckFile(outPath, "--out");
            }
            catch (OutputException e)
            {
                context.Error.WriteLine("cosod: " + e.Message);
                return ExitCodes.UnusableInput;
            }
        }

        LeaderboardFormat format;
        if (parse.GetValue(Format) is { } formatName)
        {
            LeaderboardFormats.TryParse(formatName, out format);
        }
        else
        {
            format = outPath is null ? LeaderboardFormat.Markdown : LeaderboardFormats.FromPath(outPath) ?? LeaderboardFormat.Markdown;
        }

        LeaderboardSort.TryParse(parse.GetValue(Sort), out var sort);
        var options = new LeaderboardOptions
        {
            Decimals = parse.GetValue(Decimals),
            Metrics = CommandLists.Split(parse.GetValue(Metrics))?.ToList(),
            Datasets = CommandLists.Split(parse.GetValue(Datasets))?.ToList(),
            Sort = sort,
            AllowMixedProfiles = parse.GetValue(AllowMixedProfiles),
            Caption = parse.GetValue(Caption),
        };

        string text;
        try
        {
            var inputs = parse.GetValue(Inputs)!
                .Select(path => new LeaderboardInput(path, MetricsJsonReader.Read(path, perImage: false)))
                .ToList();
            text = Leaderboards.Render(inputs, options, format);
        }
        catch (Exception e) when (e is MetricsFileException or LeaderboardException)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            if (parse.GetValue(Verbose))
            {
                context.Error.WriteLine(e.ToString());
            }

            return ExitCodes.UnusableInput;
        }

        if (outPath is null)
        {
            context.Output.Write(text);
            return ExitCodes.Ok;
        }

        try
        {
            OutputBatch.WriteFile(outPath, text);
        }
        catch (OutputException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        context.Output.WriteLine($"Wrote {outPath} ({FormatLabel(format)}).");
        return ExitCodes.Ok;
    }

    private static string FormatLabel(LeaderboardFormat format) => format switch
    {
        LeaderboardFormat.Markdown => "Markdown",
        LeaderboardFormat.Latex => "LaTeX, needs \\usepackage{booktabs}",
        LeaderboardFormat.Csv => "CSV",
        LeaderboardFormat.Json => "JSON",
        _ => "HTML",
    };
}
