using System.CommandLine;
using System.CommandLine.Parsing;
using CoSod.Data.Datasets;

namespace CoSod.Cli;

/// <summary>
/// The usage errors of a parse, each saying what was typed and the nearest valid names. System.CommandLine says only
/// "Unrecognized command or argument", and takes an unknown option that comes before a command's file arguments for
/// one of the files (<c>leaderboard --frame x m.json</c> would read a file "--frame"); both are caught here.
/// </summary>
internal static class UsageProblems
{
    /// <summary>Options of other toolkits people type out of habit, and what they are here.</summary>
    private static readonly Dictionary<string, string> ForeignOptions = new(StringComparer.Ordinal)
    {
        ["--data-type"] = "PySODEvalToolkit's --data-type video is --aggregate group-mean here, and image is --aggregate image-mean",
        ["--num-workers"] = "PySODEvalToolkit's --num-workers is --threads here",
        ["--metric-names"] = "PySODEvalToolkit's --metric-names is --metrics here",
    };

    public static IReadOnlyList<string> Find(ParseResult parse)
    {
        var problems = new List<string>();
        var command = parse.CommandResult.Command;
        var unmatched = parse.UnmatchedTokens.ToList();
        var unknownCommand = false;
        for (var i = 0; i < unmatched.Count && command.TreatUnmatchedTokensAsErrors; i++)
        {
            // The value of an unknown option is not a second problem.
            if (i > 0 && LooksLikeOption(unmatched[i - 1]) && !unmatched[i - 1].Contains('=', StringComparison.Ordinal) && !LooksLikeOption(unmatched[i]))
            {
                continue;
            }

            unknownCommand |= !LooksLikeOption(unmatched[i]) && command.Subcommands.Count > 0;
            problems.Add(Describe(unmatched[i], command, null));
        }

        foreach (var error in parse.Errors)
        {
            var aboutUnmatched = unmatched.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
            var aboutMissingCommand = unknownCommand && error.SymbolResult is CommandResult { Command: RootCommand } && error.SymbolResult.Tokens.Count == 0;
            if (!aboutUnmatched && !(unknownCommand && aboutMissingCommand))
            {
                problems.Add(error.Message);
            }
        }

        // Tokens that went to a command's own arguments (file names) but look like options.
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (var token in argument.Tokens)
            {
                if (LooksLikeOption(token.Value))
                {
                    problems.Add(Describe(token.Value, command, $"(not read as a {argument.Argument.Name} file)"));
                }
            }
        }

        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Describe(string token, Command command, string? aside)
    {
        aside = aside is null ? string.Empty : " " + aside;
        if (LooksLikeOption(token))
        {
            var name = token.Split('=', 2)[0];
            var where = command.Parents.Any() ? $"cosod {command.Name}" : "cosod";
            var message = $"unknown option {name} for {where}{aside}";
            if (ForeignOptions.TryGetValue(name, out var foreign))
            {
                return message + ": " + foreign + ".";
            }

            var options = AllOptions(command).Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct(StringComparer.Ordinal);
            return message + DidYouMean(name, options) + $" See 'cosod {(command.Parents.Any() ? command.Name + " " : string.Empty)}--help'.";
        }

        if (command.Subcommands.Count > 0)
        {
            var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
            return $"unknown command '{token}'" + DidYouMean(token, commands) + " The commands are: " + string.Join(", ", commands) + ".";
        }

        return $"unexpected argument '{token}' for cosod {command.Name}{aside}: it takes no further file or name there.";
    }

    private static string DidYouMean(string given, IEnumerable<string> valid)
    {
        var nearest = Suggestions.Nearest(given, valid);
        return nearest.Count == 0 ? "." : "; did you mean " + string.Join(" or ", nearest) + "?";
    }

    /// <summary>The command's options and the recursive options of its parents (--help, --version).</summary>
    private static IEnumerable<Option> AllOptions(Command command)
    {
        foreach (var option in command.Options)
        {
            yield return option;
        }

        foreach (var parent in command.Parents.OfType<Command>())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive))
            {
                yield return option;
            }
        }
    }

    /// <summary>"-x", "--name" or "--name=value", but not "-" or a negative number.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
