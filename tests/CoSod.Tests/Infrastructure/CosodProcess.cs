using System.Diagnostics;
using CoSod.Cli;

namespace CoSod.Tests.Infrastructure;

/// <summary>
/// The cosod command line run as a separate process (a memory bound must not include the test host's own heap), with
/// its output and its peak resident memory read from the kernel's high-water mark.
/// </summary>
public sealed record CosodProcess(int ExitCode, string Output, string Error, long PeakBytes)
{
    /// <param name="args">The command line.</param>
    /// <param name="environment">Variables to set for the process.</param>
    /// <param name="withModels">Run the model package's command line (cosod-models, for predict) rather than the base one.</param>
    public static async Task<CosodProcess> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, bool withModels = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(withModels ? typeof(CoSod.Cli.Models.TorchModelSupport).Assembly.Location : typeof(CosodApp).Assembly.Location);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.WaitForExit(100))
        {
            // VmHWM only grows, so the last reading before the exit is the peak (the process is exiting after that).
            peak = Math.Max(peak, HighWaterMark(process.Id));
        }

        return new CosodProcess(process.ExitCode, await output, await error, peak);
    }

    /// <summary>The process' peak resident set in bytes (VmHWM of /proc/pid/status), or 0 once it has gone.</summary>
    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }

        return 0;
    }
}
