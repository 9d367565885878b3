using System.CommandLine;
using System.Globalization;
using System.Text;
using CoSod.Data.Datasets;
using CoSod.Data.Files;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Results;
using CoSod.Reports.Gallery;
using CoSod.Reports.Leaderboard;

namespace CoSod.Cli.Commands;

/// <summary>
/// <c>cosod gallery</c>: the qualitative figure of a CoSOD paper. Rows are images picked from per-image scores (where a
/// method wins or loses by the largest margin, one per group, or named ones); columns the input image, the ground
/// truth and each method's map. Writes <c>gallery-&lt;Dataset&gt;.png|svg|pdf</c> and a CSV of the picked rows.
/// Wiring only: the choice is <see cref="GalleryRows"/>, the drawing <see cref="GalleryFigure"/>.
/// </summary>
public static class GalleryCommand
{
    private static readonly Argument<string> Input = new("metrics.json")
    {
        Description = "metrics.json written by 'cosod eval --per-image' (or its folder)",
    };

    private static readonly Option<string> Images = new("--images")
    {
        HelpName = "dir",
        Description = "Input images, as 'cosod predict' reads them: <dir>/<Dataset>/[Image/]<group>/<stem>.jpg",
        Required = true,
    };

    private static readonly Option<string> GroundTruth = new("--gt")
    {
        HelpName = "dir",
        Description = "Ground truth, as 'cosod eval' reads it",
        Required = true,
    };

    private static readonly Option<string> Predictions = new("--pred")
    {
        HelpName = "dir",
        Description = "Prediction maps, as 'cosod eval' reads them: <dir>/<Method>/<Dataset>/<group>/<stem>.png",
        Required = true,
    };

    private static readonly Option<string> Dataset = new("--dataset")
    {
        HelpName = "D",
        Description = "The dataset to draw",
        Required = true,
    };

    private static readonly Option<string[]> Methods = new("--methods")
    {
        HelpName = "M1,M2,...",
        Description = "Method columns in this order (default: every method of the dataset in metrics.json, in its order)",
    };

    private static readonly Option<string[]> Alias = MethodOptions.Alias();

    private static readonly Option<string?> AliasFile = MethodOptions.AliasFile();

    private static readonly Option<string?> Pick = new("--pick")
    {
        HelpName = "rule",
        Description = "Rows: best-for:<method> (largest margin of --metric over the best other listed method), worst-for:<method>, "
            + "spread[:<method>] (each group's best-margin image), or group/stem,group/stem (default: best-for the first method)",
    };

    private static readonly Option<string> Metric = new("--metric")
    {
        Description = "Per-image metric the picks compare (its direction decides: lower MAE is better)",
        DefaultValueFactory = _ => "Sm",
    };

    private static readonly Option<int> Rows = new("--rows")
    {
        HelpName = "N",
        Description = "Number of rows",
        DefaultValueFactory = _ => 4,
    };

    private static readonly Option<bool> Scores = new("--scores")
    {
        Description = "Print each map's --metric value in its corner",
    };

    private static readonly Option<string> Out = new("--out")
    {
        Description = "Folder for gallery-<Dataset>.png|svg|pdf|csv (created if needed)",
        Required = true,
    };

    private static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces with errors",
    };

    static GalleryCommand()
    {
        Pick.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !GalleryPick.TryParse(text, out _))
            {
                r.AddError($"--pick {text}: give best-for:<method>, worst-for:<method>, spread, spread:<method> or group/stem,group/stem.");
            }
        });
        Rows.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
            {
                r.AddError("--rows must be between 1 and 100.");
            }
        });
    }

    public static Command Create(CliContext context)
    {
        var command = new Command("gallery", "Draw the qualitative figure: rows of images picked by per-image scores; columns image, GT and each method's map (PNG at 300 dpi, SVG, PDF)")
        {
            Input, Images, GroundTruth, Predictions, Dataset, Methods, Alias, AliasFile, Pick, Metric, Rows, Scores, Out, Verbose,
        };
        command.SetAction(parse => Execute(parse, context));
        return command;
    }

    private static int Execute(ParseResult parse, CliContext context)
    {
        var error = context.Error;
        var dataset = parse.GetValue(Dataset)!;
        var metric = MetricNameAliases.Canonical(parse.GetValue(Metric)!);
        InputRoot[] inputs =
        [
            new InputRoot(parse.GetValue(Images)!, "--images", "a dataset of input images"),
            new InputRoot(parse.GetValue(GroundTruth)!, "--gt", "a dataset"),
            new InputRoot(parse.GetValue(Predictions)!, "--pred", "a method"),
        ];
        if (!OutputArgument.TryCheck(() => OutputLocation.CheckFolder(parse.GetValue(Out)!, "--out", inputs), error, out var outFolder))
        {
            return ExitCodes.UnusableInput;
        }

        GalleryFigure figure;
        IReadOnlyList<GalleryRow> rows;
        IReadOnlyList<string> methods;
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scores;
        try
        {
            var path = parse.GetValue(Input)!;
            var report = MetricsJsonReader.Read(path);
            var present = report.Results.Where(r => r.Dataset == dataset).Select(r => r.Method).Distinct(StringComparer.Ordinal).ToList();
            if (present.Count == 0)
            {
                throw new GalleryException($"{path}: no result on dataset {dataset}; it has {string.Join(", ", report.Results.Select(r => r.Dataset).Distinct(StringComparer.Ordinal))}.");
            }

            var aliases = MethodOptions.ReadAliases(parse, Alias, AliasFile);
            methods = CommandLists.Split(parse.GetValue(Methods))?.Select(name => Resolve(name, present, aliases)).Distinct(StringComparer.Ordinal).ToList()
                ?? present;
            aliases.RequireDistinct(methods);
            GalleryPick.TryParse(parse.GetValue(Pick), out var pick);
            pick ??= new GalleryPick(GalleryPickKind.BestFor, methods[0], []);
            if (pick.Method is { } named)
            {
                pick = pick with { Method = Resolve(named, methods, aliases) };
            }

            scores = GalleryInputs.Scores(report, path, dataset, methods, metric);
            rows = GalleryRows.Pick(scores, methods, metric, pick, parse.GetValue(Rows));
            var pictures = GalleryInputs.Load(parse.GetValue(Images)!, parse.GetValue(GroundTruth)!, parse.GetValue(Predictions)!,
                dataset, methods, rows, scores);
            figure = new GalleryFigure(["Image", "GT", .. methods.Select(aliases.Of)], pictures, parse.GetValue(Scores) ? "F3" : null);
        }
        catch (Exception e) when (e is MetricsFileException or GalleryException or LeaderboardException or DatasetException or ImageReadException)
        {
            var message = e.Message.TrimEnd();
            error.WriteLine("cosod: " + message + (message.EndsWith('.') ? string.Empty : "."));
            if (parse.GetValue(Verbose))
            {
                error.WriteLine(e.ToString());
            }

            return ExitCodes.UnusableInput;
        }

        var stem = Path.Combine(outFolder, "gallery-" + dataset);
        try
        {
            using var batch = new OutputBatch();
            batch.Add(stem + ".png", figure.Png());
            batch.Add(stem + ".svg", Encoding.UTF8.GetBytes(figure.Svg()));
            batch.Add(stem + ".pdf", figure.Pdf());
            batch.Add(stem + ".csv", Encoding.UTF8.GetBytes(Csv(rows, methods, metric, scores)));
            batch.Commit();
        }
        catch (OutputException e)
        {
            error.WriteLine("cosod: " + e.Message);
            return ExitCodes.UnusableInput;
        }

        context.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {stem}.png|svg|pdf|csv: {rows.Count} row(s) ({string.Join(", ", rows.Select(r => r.Key))}), {figure.Width}x{figure.Height} px at {GalleryFigure.Dpi} dpi."));
        return ExitCodes.Ok;
    }

    /// <summary>The picked rows: key, margin (empty for named rows) and each method's value, full precision.</summary>
    private static string Csv(IReadOnlyList<GalleryRow> rows, IReadOnlyList<string> methods, string metric,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> scores)
    {
        static string Field(string value) =>
            value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var csv = new StringBuilder();
        csv.Append(string.Join(',', new[] { "key", "margin" }.Concat(methods.Select(m => m + ":" + metric)).Select(Field))).Append('\n');
        foreach (var row in rows)
        {
            var fields = new List<string> { row.Key, row.Margin?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty };
            fields.AddRange(methods.Select(m => scores[m].TryGetValue(row.Key, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty));
            csv.Append(string.Join(',', fields.Select(Field))).Append('\n');
        }

        return csv.ToString();
    }

    private static string Resolve(string name, IReadOnlyList<string> present, MethodAliases aliases)
    {
        string? Match(StringComparison comparison) =>
            present.FirstOrDefault(m => string.Equals(m, name, comparison))
            ?? present.FirstOrDefault(m => string.Equals(aliases.Of(m), name, comparison));
        return Match(StringComparison.Ordinal) ?? Match(StringComparison.OrdinalIgnoreCase)
            ?? throw new GalleryException($"method {name} has no result on this dataset (there are {string.Join(", ", present)}).");
    }
}
