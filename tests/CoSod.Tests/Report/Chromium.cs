using System.Diagnostics;
using System.Text;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.HtmlReportTests;

/// <summary>
/// Debian's <c>chromium</c> run headless as a child process (no Playwright): <c>--dump-dom</c> and
/// <c>--screenshot</c> of a local file, with a fresh profile folder and a time limit after which it is killed.
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>Points the tests at another chromium binary (or, set to a missing path, shows what happens without one).</summary>
    public const string OverrideVariable = "COSOD_CHROMIUM";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(OverrideVariable) is { Length: > 0 } path ? path : DefaultPath;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static bool Installed => File.Exists(ExecutablePath);

    public static string InstallHint =>
        "Debian's chromium is not installed at " + ExecutablePath + "; install it with 'apt-get install chromium' "
        + "(scripts/install-system-deps.sh does) so that the HTML report is checked in a real browser";

    /// <summary>Null when the browser tests must run: chromium is there, or CI requires them (then they fail without it).</summary>
    public static string? SkipReason =>
        Installed || SharedFixtures.Required ? null : InstallHint + "; skipped (set " + SharedFixtures.RequireVariable + " to fail instead)";

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs chromium headless on a local file with the given extra arguments; fails the test on a timeout.</summary>
    public static Result Run(string userDataDir, string file, params string[] extra)
    {
        Assert.True(Installed, InstallHint + ".");
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + userDataDir,
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(new Uri(Path.GetFullPath(file)).AbsoluteUri);

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Append(e.Data).Append('\n');
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    error.Append(e.Data).Append('\n');
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(Timeout))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited between the check and the kill.
            }

            process.WaitForExit();
            Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s and was killed; stderr:\n{error}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        lock (output)
        {
            lock (error)
            {
                return new Result(process.ExitCode, output.ToString(), error.ToString());
            }
        }
    }
}

/// <summary>A fact that needs Debian's chromium: skipped visibly when it is absent, unless CI requires it (then it fails with the install hint).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        Skip = Chromium.SkipReason;
    }
}
