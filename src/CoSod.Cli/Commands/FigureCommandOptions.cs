using System.CommandLine;
using CoSod.Reports.Figures;

namespace CoSod.Cli.Commands;

/// <summary>The options of <c>cosod plot</c> that say how a figure looks, and their reading into <see cref="FigureOptions"/>.</summary>
internal static class FigureCommandOptions
{
    public static readonly Option<string[]> Methods = new("--methods")
    {
        HelpName = "M1,M2,...",
        Description = "Draw these methods only, in this order (names or aliases; colours follow the order)",
    };

    public static readonly Option<string[]> Alias = MethodOptions.Alias();

    public static readonly Option<string?> AliasFile = MethodOptions.AliasFile();

    public static readonly Option<string?> Highlight = new("--highlight")
    {
        HelpName = "method",
        Description = "Draw this method (e.g. yours) last, wider and in a red no other method gets",
    };

    public static readonly Option<string> Axes = new("--axes")
    {
        Description = "fit: axes fitted to the data; full: the whole [0, 1] (thresholds 0-255)",
        DefaultValueFactory = _ => "fit",
    };

    public static readonly Option<string?> XLim = new("--xlim")
    {
        HelpName = "lo,hi",
        Description = "x-axis limits, e.g. 0.5,1 (win over --axes)",
    };

    public static readonly Option<string?> YLim = new("--ylim")
    {
        HelpName = "lo,hi",
        Description = "y-axis limits, e.g. 0.4,1 (win over --axes)",
    };

    public static readonly Option<bool> NoTitle = new("--no-title")
    {
        Description = "Draw no titles (a paper's caption says what the figure shows); with --panels row this also drops the dataset name above each panel",
    };

    public static readonly Option<string?> Legend = new("--legend")
    {
        Description = "inside, below, right or none (default: right for one panel, below for --panels row)",
    };

    public static readonly Option<string?> Size = new("--size")
    {
        HelpName = "WxH",
        Description = "Figure size in inches, e.g. 7.16x2.6 (default: 8x6; with --panels row 3.5 per panel x 3.6)",
    };

    public static readonly Option<int> Dpi = new("--dpi")
    {
        HelpName = "N",
        Description = "PNG resolution in dots per inch (SVG and PDF are vector)",
        DefaultValueFactory = _ => 100,
    };

    static FigureCommandOptions()
    {
        Axes.AcceptOnlyFromAmong("fit", "full");
        Legend.AcceptOnlyFromAmong("inside", "below", "right", "none");
        Size.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } text && !FigureOptions.TryParseSize(text, out _))
            {
                r.AddError($"--size {text}: give WxH in inches, each above 0 and at most 100 (e.g. 7.16x2.6).");
            }
        });
        foreach (var limit in new[] { XLim, YLim })
        {
            limit.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<string?>() is { } text && !FigureOptions.TryParseLimits(text, out _))
                {
                    r.AddError($"{r.Option.Name} {text}: give lo,hi with lo < hi (e.g. 0.5,1).");
                }
            });
        }

        Dpi.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 30 or > 1200)
            {
                r.AddError("--dpi must be between 30 and 1200.");
            }
        });
    }

    public static IEnumerable<Option> All => [Methods, Alias, AliasFile, Highlight, Axes, XLim, YLim, NoTitle, Legend, Size, Dpi];

    /// <summary>The options as given; throws <see cref="Reports.Leaderboard.LeaderboardException"/> for a bad alias.</summary>
    public static FigureOptions Read(ParseResult parse)
    {
        FigureOptions.TryParseLimits(parse.GetValue(XLim), out var x);
        FigureOptions.TryParseLimits(parse.GetValue(YLim), out var y);
        return new FigureOptions
        {
            Methods = CommandLists.Split(parse.GetValue(Methods)),
            Aliases = MethodOptions.ReadAliases(parse, Alias, AliasFile),
            Highlight = parse.GetValue(Highlight),
            Axes = parse.GetValue(Axes) == "full" ? AxesMode.Full : AxesMode.Fit,
            XLimits = parse.GetValue(XLim) is null ? null : x,
            YLimits = parse.GetValue(YLim) is null ? null : y,
            ShowTitle = !parse.GetValue(NoTitle),
            Legend = parse.GetValue(Legend) switch
            {
                "inside" => LegendPlacement.Inside,
                "below" => LegendPlacement.Below,
                "right" => LegendPlacement.Right,
                "none" => LegendPlacement.None,
                _ => null,
            },
            SizeInches = FigureOptions.TryParseSize(parse.GetValue(Size), out var size) ? size : null,
            Dpi = parse.GetValue(Dpi),
        };
    }
}
