using System.Diagnostics.CodeAnalysis;
using CoSod.Data.Files;

namespace CoSod.Cli.Commands;

/// <summary>
/// The one way a command checks where it will write (<see cref="OutputLocation"/>): an unusable location is one line
/// on the error stream, and the command then exits <see cref="ExitCodes.UnusableInput"/> before doing any work.
/// </summary>
internal static class OutputArgument
{
    /// <summary>Runs <paramref name="check"/>; false, with its message written, when it refuses the location.</summary>
    public static bool TryCheck(Func<string> check, TextWriter error, [NotNullWhen(true)] out string? location)
    {
        try
        {
            location = check();
            return true;
        }
        catch (OutputException e)
        {
            error.WriteLine("cosod: " + e.Message);
            location = null;
            return false;
        }
    }
}
