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
        Description = "md, latex, csv, json, html or xlsx (default: from the --out extension, else md; xlsx needs --out)",
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

    private static readonly Option<string[]> Methods = new("--methods")
    {
        HelpName = "M1,M2,...",
        Description = "Rows of these methods only, in this order, comma-separated (names or aliases; default: all, in order of first appearance)",
    };

    private static readonly Option<string[]> Alias = MethodOptions.Alias();

    private static readonly Option<string?> AliasFile = MethodOptions.AliasFile();

    private static readonly Option<string> Layout = new("--layout")
    {
        Description = "LaTeX float: table, table* (page-wide) or resize (a table scaled to \\linewidth, needs graphicx); "
            + "default auto: table* above " + LatexLayout.OneColumnLimit + " number columns, else table",
        DefaultValueFactory = _ => "auto",
    };

    private static readonly Option<string?> FontSize = new("--font-size")
    {
        HelpName = "size",
        Description = "LaTeX font size inside the float: " + string.Join(", ", LatexLayout.FontSizes) + " (default: the float's own)",
    };

    private static readonly Option<string?> Label = new("--label")
    {
        HelpName = "key",
        Description = "LaTeX \\label after the caption (letters, digits and :-_./), e.g. tab:cosod",
    };

    private static readonly Option<string> Notes = new("--notes")
    {
        Description = "Where the notes go: below the table, in the caption, or none",
        DefaultValueFactory = _ => "below",
    };

    private static readonly Option<bool> Transpose = new("--transpose")
    {
        Description = "Datasets x methods as rows and the metrics as columns (md, latex, xlsx)",
    };

    private static readonly Option<int> Marks = new("--marks")
    {
        HelpName = "2|3",
        Description = "Ranks marked per column: 2 (best bold, second underlined) or 3 (and third in italics)",
        DefaultValueFactory = _ => 2,
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
        Layout.AcceptOnlyFromAmong("auto", "table", "table*", "resize");
        FontSize.AcceptOnlyFromAmong([.. LatexLayout.FontSizes]);
        Notes.AcceptOnlyFromAmong("below", "caption", "none");
        Marks.AcceptOnlyFromAmong("2", "3");
        Label.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } label && !LatexLayout.IsValidLabel(label))
            {
                r.AddError($"--label {label}: use letters, digits and :-_./ only (e.g. tab:cosod).");
            }
        });
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
            Inputs, Format, Out, Decimals, Sort, Metrics, Datasets, Methods, Alias, AliasFile, Caption, Layout, FontSize, Label,
            Notes, Transpose, Marks, AllowMixedProfiles, Verbose,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var requestedOut = parse.GetValue(Out);
        string? outPath = null;
        if (requestedOut is not null
            && !OutputArgument.TryCheck(() => OutputLocation.CheckFile(requestedOut, "--out"), context.Error, out outPath))
        {
            return ExitCodes.UnusableInput;
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

        if (format == LeaderboardFormat.Xlsx && outPath is null)
        {
            context.Error.WriteLine("cosod: --format xlsx writes a workbook, not text: give --out <file>.xlsx.");
            return ExitCodes.UnusableInput;
        }

        LeaderboardSort.TryParse(parse.GetValue(Sort), out var sort);
        byte[] bytes;
        var latexLayout = new LatexLayout
        {
            Float = parse.GetValue(Layout) switch
            {
                "table" => LatexFloat.Table,
                "table*" => LatexFloat.TableStar,
                "resize" => LatexFloat.Resize,
                _ => LatexFloat.Auto,
            },
            FontSize = parse.GetValue(FontSize),
            Label = parse.GetValue(Label),
        };
        try
        {
            var options = new LeaderboardOptions
            {
                Decimals = parse.GetValue(Decimals),
                Metrics = CommandLists.Metrics(parse.GetValue(Metrics))?.ToList(),
                Datasets = CommandLists.Split(parse.GetValue(Datasets))?.ToList(),
                Methods = CommandLists.Split(parse.GetValue(Methods))?.ToList(),
                Aliases = MethodOptions.ReadAliases(parse, Alias, AliasFile),
                Sort = sort,
                AllowMixedProfiles = parse.GetValue(AllowMixedProfiles),
                Caption = parse.GetValue(Caption),
                Marks = parse.GetValue(Marks),
                Transpose = parse.GetValue(Transpose),
                Notes = parse.GetValue(Notes) switch
                {
                    "caption" => NotesPlacement.Caption,
                    "none" => NotesPlacement.None,
                    _ => NotesPlacement.Below,
                },
                Latex = latexLayout,
            };
            var inputs = parse.GetValue(Inputs)!
                .Select(path => new LeaderboardInput(path, MetricsJsonReader.Read(path, perImage: false)))
                .ToList();
            var table = LeaderboardBuilder.Build(inputs, options);
            bytes = format == LeaderboardFormat.Xlsx
                ? Leaderboards.RenderXlsx(table)
                : System.Text.Encoding.UTF8.GetBytes(Leaderboards.Render(table, format));
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
            context.Output.Write(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitCodes.Ok;
        }

        try
        {
            OutputBatch.WriteFile(outPath, bytes);
        }
        catch (OutputException e)
        {
            context.Error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        context.Output.WriteLine($"Wrote {outPath} ({FormatLabel(format, latexLayout)}).");
        return ExitCodes.Ok;
    }

    private static string FormatLabel(LeaderboardFormat format, LatexLayout latex) => format switch
    {
        LeaderboardFormat.Markdown => "Markdown",
        LeaderboardFormat.Latex => "LaTeX, needs \\usepackage{booktabs}" + (latex.Float == LatexFloat.Resize ? " and \\usepackage{graphicx}" : string.Empty),
        LeaderboardFormat.Csv => "CSV",
        LeaderboardFormat.Json => "JSON",
        LeaderboardFormat.Xlsx => "Excel workbook",
        _ => "HTML",
    };
}
