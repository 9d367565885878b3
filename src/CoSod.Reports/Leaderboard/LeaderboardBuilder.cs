using System.Globalization;
using CoSod.Evaluation.Results;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// Builds a <see cref="LeaderboardTable"/> from metrics.json reports: a pure function of its inputs and options.
/// Refuses (with a one-line <see cref="LeaderboardException"/>) what cannot make one honest table: results of
/// different settings without <see cref="LeaderboardOptions.AllowMixedProfiles"/>, the same method and dataset
/// twice, and columns no input has.
/// </summary>
public static class LeaderboardBuilder
{
    /// <summary>Options that are recorded in metrics.json but do not change numbers; they never tell settings apart.</summary>
    private static readonly HashSet<string> NeutralOptions = new(StringComparer.Ordinal) { "profile", "aggregation", "max_pixels" };

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static LeaderboardTable Build(IReadOnlyList<LeaderboardInput> inputs, LeaderboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Decimals is < 0 or > LeaderboardOptions.MaxDecimals)
        {
            throw new LeaderboardException(string.Create(Invariant,
                $"decimals must be between 0 and {LeaderboardOptions.MaxDecimals}, not {options.Decimals}."));
        }

        if (options.Marks is < 2 or > 3)
        {
            throw new LeaderboardException(string.Create(Invariant, $"marks must be 2 or 3, not {options.Marks}."));
        }

        if (inputs.Count == 0)
        {
            throw new LeaderboardException("no metrics.json was given.");
        }

        var (settings, settingOf) = Settings(inputs, options.AllowMixedProfiles);

        // Rows (method under a setting) and datasets in order of first appearance; a result may appear once only.
        var rowKeys = new List<(string Method, int Setting)>();
        var seen = new Dictionary<(string Method, int Setting, string Dataset), (EvaluationResult Result, string Source, int Input)>();
        var datasetsPresent = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var setting = settingOf[i];
            foreach (var result in input.Report.Results)
            {
                var key = (result.Method, setting, result.Dataset);
                if (seen.TryGetValue(key, out var earlier))
                {
                    throw new LeaderboardException(earlier.Input == i
                        ? $"method {result.Method} on dataset {result.Dataset} appears twice in {input.Source}; each method and dataset may be given once."
                        : $"method {result.Method} on dataset {result.Dataset} appears in both {earlier.Source} and {input.Source}"
                            + (earlier.Source == input.Source ? " (the same file given twice)" : string.Empty)
                            + "; give each method and dataset once (drop one of the files, or rename the method in one run).");
                }

                seen[key] = (result, input.Source, i);
                if (!rowKeys.Contains((result.Method, setting)))
                {
                    rowKeys.Add((result.Method, setting));
                }

                if (!datasetsPresent.Contains(result.Dataset, StringComparer.Ordinal))
                {
                    datasetsPresent.Add(result.Dataset);
                }
            }
        }

        if (rowKeys.Count == 0)
        {
            throw new LeaderboardException("the inputs hold no results: " + string.Join(", ", inputs.Select(i => i.Source)) + ".");
        }

        if (options.Methods is { Count: > 0 } wantedMethods)
        {
            rowKeys = SelectMethods(rowKeys, wantedMethods, options.Aliases);
        }

        options.Aliases.RequireDistinct(rowKeys.Select(k => k.Method));

        var datasets = options.Datasets is { Count: > 0 } wanted
            ? Pick(wanted, datasetsPresent, "dataset")
            : datasetsPresent;
        var metricsPresent = MetricNames.Columns(seen.Values
            .Where(v => datasets.Contains(v.Result.Dataset, StringComparer.Ordinal) && v.Result.Metrics is not null)
            .Select(v => v.Result.Metrics!.Scalars.Select(s => s.Key)));
        var metrics = options.Metrics is { Count: > 0 } chosen
            ? Pick(chosen, metricsPresent, "metric")
            : metricsPresent;
        if (metrics.Count == 0)
        {
            throw new LeaderboardException("the inputs hold no metric values on the chosen datasets (every result is empty).");
        }

        LeaderboardSort? sort = null;
        if (options.Sort is { } requested)
        {
            sort = new LeaderboardSort(
                Pick([requested.Dataset], datasets, "sort dataset")[0],
                Pick([requested.Metric], metricsPresent, "sort metric")[0]);
        }

        // Cells with their printed text; ranks are filled in per column below.
        var rows = new List<LeaderboardRow>();
        foreach (var (method, settingIndex) in rowKeys)
        {
            var groups = new List<LeaderboardGroup>();
            foreach (var dataset in datasets)
            {
                if (seen.TryGetValue((method, settingIndex, dataset), out var found))
                {
                    var cells = metrics.Select(m => Cell(found.Result.Metrics?[m], options.Decimals)).ToList();
                    groups.Add(new LeaderboardGroup(dataset, found.Result, found.Source, cells));
                }
                else
                {
                    groups.Add(new LeaderboardGroup(dataset, null, null, metrics.Select(_ => new LeaderboardCell(null, null, null)).ToList()));
                }
            }

            if (groups.Any(g => g.Result is not null))
            {
                var setting = settings[settingIndex];
                var printed = options.Aliases.Of(method);
                var label = settings.Count > 1 ? $"{printed} ({setting.Label})" : printed;
                rows.Add(new LeaderboardRow(method, setting, label, groups));
            }
        }

        rows = Rank(rows, metrics);
        if (sort is not null)
        {
            rows = SortRows(rows, datasets, metrics, sort);
        }

        return new LeaderboardTable
        {
            Datasets = datasets,
            Metrics = metrics,
            Rows = rows,
            Settings = settings,
            Sources = inputs.Select(i => i.Source).ToList(),
            Decimals = options.Decimals,
            Sort = sort,
            Caption = options.Caption,
            Marks = options.Marks,
            Transpose = options.Transpose,
            Notes = options.Notes,
            Latex = options.Latex,
        };
    }

    /// <summary>
    /// The rows of the requested methods, in the requested order (a method under several settings keeps its rows
    /// together, in setting order). A name matches a method or its alias, exactly first, then ignoring case.
    /// </summary>
    private static List<(string Method, int Setting)> SelectMethods(
        List<(string Method, int Setting)> rowKeys, IReadOnlyList<string> wanted, MethodAliases aliases)
    {
        var present = rowKeys.Select(k => k.Method).Distinct(StringComparer.Ordinal).ToList();
        var selected = new List<(string Method, int Setting)>();
        foreach (var name in wanted)
        {
            string? Match(StringComparison comparison) =>
                present.FirstOrDefault(m => string.Equals(m, name, comparison))
                ?? present.FirstOrDefault(m => string.Equals(aliases.Of(m), name, comparison));
            var method = Match(StringComparison.Ordinal) ?? Match(StringComparison.OrdinalIgnoreCase)
                ?? throw new LeaderboardException($"method '{name}' is not in the inputs; they have: {string.Join(", ", present)}.");
            selected.AddRange(rowKeys.Where(k => k.Method == method && !selected.Contains(k)));
        }

        return selected;
    }

    /// <summary>
    /// Throws <see cref="LeaderboardException"/> when the inputs come from different settings (profile, aggregation
    /// or a number-changing option) and mixing is not allowed: the rule every command that puts several
    /// metrics.json side by side applies (leaderboard, report, plot).
    /// </summary>
    public static void CheckSettings(IReadOnlyList<LeaderboardInput> inputs, bool allowMixed)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count > 0)
        {
            Settings(inputs, allowMixed);
        }
    }

    /// <summary>The printed text of a value at the given decimals; the invariant culture, so "0.913" everywhere.</summary>
    public static string Format(double value, int decimals) => value.ToString("F" + decimals.ToString(Invariant), Invariant);

    private static LeaderboardCell Cell(double? value, int decimals) =>
        value is { } v && double.IsFinite(v)
            ? new LeaderboardCell(v, Format(v, decimals), null)
            : new LeaderboardCell(null, null, null);

    /// <summary>
    /// Competition ranking per column, decided on the printed numbers: values that print the same share a rank,
    /// and the next value's rank counts them (1, 1, 3). Rank 1 is marked best, rank 2 second best.
    /// </summary>
    private static List<LeaderboardRow> Rank(List<LeaderboardRow> rows, IReadOnlyList<string> metrics)
    {
        var groupCount = rows[0].Groups.Count;
        var ranked = rows.Select(r => r.Groups.Select(g => g.Cells.ToArray()).ToArray()).ToArray();
        for (var g = 0; g < groupCount; g++)
        {
            for (var m = 0; m < metrics.Count; m++)
            {
                var lower = MetricNames.LowerIsBetter(metrics[m]);
                var printed = ranked
                    .Select(r => r[g][m].Text is { } text ? double.Parse(text, Invariant) : (double?)null)
                    .ToArray();
                for (var r = 0; r < ranked.Length; r++)
                {
                    if (printed[r] is not { } mine)
                    {
                        continue;
                    }

                    var better = printed.Count(p => p is { } other && (lower ? other < mine : other > mine));
                    ranked[r][g][m] = ranked[r][g][m] with { Rank = better + 1 };
                }
            }
        }

        return rows.Select((row, r) => row with
        {
            Groups = row.Groups.Select((group, g) => group with { Cells = ranked[r][g] }).ToList(),
        }).ToList();
    }

    /// <summary>Best first in the metric's direction at full precision; ties keep input order; rows without a value last.</summary>
    private static List<LeaderboardRow> SortRows(
        List<LeaderboardRow> rows, IReadOnlyList<string> datasets, IReadOnlyList<string> metrics, LeaderboardSort sort)
    {
        var g = datasets.ToList().IndexOf(sort.Dataset);
        var m = metrics.ToList().IndexOf(sort.Metric);
        var sign = MetricNames.LowerIsBetter(sort.Metric) ? 1.0 : -1.0;
        double? Key(LeaderboardRow row)
        {
            if (m >= 0)
            {
                return row.Groups[g].Cells[m].Value;
            }

            // Sorting by a metric that is not displayed: read it from the result.
            return row.Groups[g].Result?.Metrics?[sort.Metric] is { } v && double.IsFinite(v) ? v : null;
        }

        return rows
            .OrderBy(r => Key(r) is null ? 1 : 0)
            .ThenBy(r => Key(r) is { } v ? sign * v : 0.0)
            .ToList();
    }

    /// <summary>Resolves requested names against those present (exact first, then ignoring case), in the requested order.</summary>
    private static List<string> Pick(IReadOnlyList<string> requested, IReadOnlyList<string> present, string what)
    {
        var picked = new List<string>();
        foreach (var name in requested)
        {
            var match = present.FirstOrDefault(p => string.Equals(p, name, StringComparison.Ordinal))
                ?? present.FirstOrDefault(p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                throw new LeaderboardException(
                    $"{what} '{name}' is not in the inputs; they have: {(present.Count == 0 ? "none" : string.Join(", ", present))}."
                    + CoSod.Data.Datasets.Suggestions.DidYouMeanSentence(name, present));
            }

            if (!picked.Contains(match, StringComparer.Ordinal))
            {
                picked.Add(match);
            }
        }

        return picked;
    }

    /// <summary>
    /// The distinct settings of the inputs and each input's setting index. More than one is an error unless
    /// mixing is allowed; then each gets a label that tells it apart from the others.
    /// </summary>
    private static (List<LeaderboardSetting> Settings, int[] SettingOf) Settings(IReadOnlyList<LeaderboardInput> inputs, bool allowMixed)
    {
        var keys = new List<string>();
        var first = new List<LeaderboardInput>();
        var sources = new List<List<string>>();
        var settingOf = new int[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var key = SettingKey(inputs[i].Report);
            var index = keys.IndexOf(key);
            if (index < 0)
            {
                keys.Add(key);
                first.Add(inputs[i]);
                sources.Add([]);
                index = keys.Count - 1;
            }

            if (!sources[index].Contains(inputs[i].Source, StringComparer.Ordinal))
            {
                sources[index].Add(inputs[i].Source);
            }

            settingOf[i] = index;
        }

        var settings = first.Select((input, i) => new LeaderboardSetting(
            input.Report.Profile, input.Report.Aggregation, Significant(input.Report), sources[i])).ToList();
        if (settings.Count == 1)
        {
            return (settings, settingOf);
        }

        var (a, b) = (settings[0], settings[1]);
        if (!allowMixed)
        {
            string what;
            List<string> distinguishing = [];
            if (a.Profile != b.Profile)
            {
                what = $"different profiles ({a.Profile} and {b.Profile})";
            }
            else if (a.Aggregation != b.Aggregation)
            {
                what = $"different aggregations ({a.Aggregation} and {b.Aggregation})";
            }
            else
            {
                distinguishing = DifferingOptions(a, b);
                what = "different settings (" + string.Join(", ", distinguishing) + ")";
            }

            throw new LeaderboardException(
                $"{a.Sources[0]} ({a.Describe(distinguishing)}) and {b.Sources[0]} ({b.Describe(distinguishing)}) come from {what}, "
                + "whose numbers are not comparable; give inputs of one setting, or pass --allow-mixed-profiles to show them in one table with the profile beside each method.");
        }

        var aggregationsDiffer = settings.Select(s => s.Aggregation).Distinct(StringComparer.Ordinal).Count() > 1;
        var labelled = new List<LeaderboardSetting>();
        foreach (var setting in settings)
        {
            var parts = new List<string> { setting.Profile };
            if (aggregationsDiffer)
            {
                parts.Add(setting.Aggregation);
            }

            var twins = settings.Where(s => s != setting && s.Profile == setting.Profile && s.Aggregation == setting.Aggregation);
            var differing = twins.SelectMany(t => DifferingOptions(setting, t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            parts.AddRange(differing.Select(key => key + "=" + (setting.Options.FirstOrDefault(o => o.Key == key).Value ?? "(not recorded)")));
            labelled.Add(setting with { Label = string.Join(", ", parts), DistinguishingOptions = differing });
        }

        return (labelled, settingOf);
    }

    private static List<KeyValuePair<string, string>> Significant(EvaluationReport report) =>
        report.Options.Where(o => !NeutralOptions.Contains(o.Key)).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();

    private static string SettingKey(EvaluationReport report) =>
        report.Profile + "\n" + report.Aggregation + "\n"
        + string.Join("\n", Significant(report).Select(o => o.Key + "=" + o.Value));

    private static List<string> DifferingOptions(LeaderboardSetting a, LeaderboardSetting b) =>
        a.Options.Select(o => o.Key).Union(b.Options.Select(o => o.Key))
            .Where(key => a.Options.FirstOrDefault(o => o.Key == key).Value != b.Options.FirstOrDefault(o => o.Key == key).Value)
            .Order(StringComparer.Ordinal)
            .ToList();
}
