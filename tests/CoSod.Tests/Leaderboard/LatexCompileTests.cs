using System.Diagnostics;
using CoSod.Cli;
using CoSod.Reports.Leaderboard;
using CoSod.Tests.Infrastructure;
using Xunit.Sdk;
using static CoSod.Tests.Leaderboard.SyntheticReports;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// Finds pdflatex on PATH. Without it, LaTeX compile tests skip visibly, unless COSOD_REQUIRE_SHARED is set
/// (as .ci/run does): then they run and fail, saying which packages to install.
/// </summary>
public static class PdfLatex
{
    public const string InstallHint =
        "pdflatex is not installed: install Debian's texlive-latex-base and texlive-latex-recommended "
        + "(apt-get install texlive-latex-base texlive-latex-recommended)";

    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { Path.Combine(dir, "pdflatex"), Path.Combine(dir, "pdflatex.exe") })
            .FirstOrDefault(File.Exists));

    public static string? Executable => Found.Value;

    /// <summary>The skip reason, or null when the test must run (pdflatex found, or CI requires it).</summary>
    public static string? SkipReason =>
        Executable is not null || SharedFixtures.Required
            ? null
            : InstallHint + $"; skipped (set {SharedFixtures.RequireVariable}=1 to make this a failure)";

    public static string RequireExecutable() => Executable ?? throw new XunitException(InstallHint + $" ({SharedFixtures.RequireVariable} is set, so this fails instead of skipping).");

    /// <summary>
    /// Writes <paramref name="document"/> as <c>&lt;name&gt;.tex</c> in <paramref name="folder"/>, runs pdflatex on it
    /// (non-interactive, halting on the first error, no shell escape) and returns the log; fails the test when
    /// pdflatex fails, hangs or writes no PDF.
    /// </summary>
    public static string Compile(string folder, string name, string document)
    {
        var pdflatex = RequireExecutable();
        File.WriteAllText(Path.Combine(folder, name + ".tex"), document);
        using var process = Process.Start(new ProcessStartInfo(pdflatex)
        {
            ArgumentList = { "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", name + ".tex" },
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        })!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("pdflatex ran for more than two minutes:\n" + Tail(stdout));
        }

        stderr.Wait();
        Assert.True(process.ExitCode == 0, $"pdflatex exited {process.ExitCode} on {name}.tex:\n{Tail(stdout)}");
        Assert.True(File.Exists(Path.Combine(folder, name + ".pdf")), "pdflatex wrote no PDF:\n" + Tail(stdout));
        return File.ReadAllText(Path.Combine(folder, name + ".log"));
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];
}

/// <summary>IEEEtran.cls (Debian's texlive-publishers), for tests that set tables in a conference paper.</summary>
public static class IeeeTran
{
    public const string InstallHint =
        "IEEEtran.cls or its Times fonts are not installed: install Debian's texlive-publishers and texlive-fonts-recommended "
        + "(apt-get install texlive-publishers texlive-fonts-recommended)";

    private static readonly Lazy<bool> Found = new(() =>
        PdfLatex.Executable is { } pdflatex
        && File.Exists(Path.Combine(Path.GetDirectoryName(pdflatex)!, "kpsewhich"))
        && Run(Path.Combine(Path.GetDirectoryName(pdflatex)!, "kpsewhich"), "IEEEtran.cls").Length > 0
        && Run(Path.Combine(Path.GetDirectoryName(pdflatex)!, "kpsewhich"), "ptmr7t.tfm").Length > 0);

    /// <summary>The skip reason, or null when the test must run.</summary>
    public static string? SkipReason =>
        PdfLatex.SkipReason ?? (Found.Value || SharedFixtures.Required
            ? null
            : InstallHint + $"; skipped (set {SharedFixtures.RequireVariable}=1 to make this a failure)");

    public static void Require()
    {
        PdfLatex.RequireExecutable();
        if (!Found.Value)
        {
            throw new XunitException(InstallHint + $" ({SharedFixtures.RequireVariable} is set, so this fails instead of skipping).");
        }
    }

    private static string Run(string executable, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(executable, argument)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}

/// <summary>A fact that needs pdflatex and IEEEtran.cls.</summary>
public sealed class IeeeTranFactAttribute : FactAttribute
{
    public IeeeTranFactAttribute()
    {
        Skip = IeeeTran.SkipReason;
    }
}

/// <summary>A fact that needs pdflatex: skipped visibly without it, failed without it when CI requires it.</summary>
public sealed class PdfLatexFactAttribute : FactAttribute
{
    public PdfLatexFactAttribute()
    {
        Skip = PdfLatex.SkipReason;
    }
}

/// <summary>The LaTeX output compiles with pdflatex in a minimal document that loads only booktabs.</summary>
[Collection(SampleMetricsCollection.Name)]
public sealed class LatexCompileTests(SampleMetrics sample) : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [PdfLatexFact]
    public void The_latex_tables_compile_with_only_booktabs()
    {
        PdfLatex.RequireExecutable();
        var gconet = CliRun.Of("leaderboard", sample.EvalCoSod, "--format", "latex", "--metrics", "Em.max,Sm,Fm.max,MAE",
            "--caption", "Comparison on the synthetic sample (eval-co-sod): 9/10 & 100% of the rest.");
        var mixed = CliRun.Of("leaderboard", sample.PySodMetrics, sample.EvalCoSod, "--allow-mixed-profiles", "--format", "latex",
            "--metrics", "Sm,MAE,wFm,AP", "--sort", "CoCA:MAE");
        Assert.Equal(ExitCodes.Ok, gconet.ExitCode);
        Assert.Equal(ExitCodes.Ok, mixed.ExitCode);
        var nasty = Render(LeaderboardFormat.Latex, new LeaderboardOptions { Caption = @"Odd names: _ & % # $ ^ ~ { } \ < > | -- `` ''" },
            Input("a.json", Report("pysodmetrics",
                Result(@"Net_v2 & co. 100% #1 $x^2~{y}\z", "Co_CA & #2", 9, 10, ("Sm", 0.8), ("MAE", 0.05)),
                Result("A<B>|C--D``E''", "Co_CA & #2", ("Sm", 0.8), ("MAE", null)))));

        var document = "\\documentclass{article}\n\\usepackage{booktabs}\n\\tracinglostchars=1\n\\begin{document}\n"
            + gconet.Output + "\\clearpage\n" + mixed.Output + "\\clearpage\n" + nasty + "\\end{document}\n";
        var log = PdfLatex.Compile(_tree.Root, "doc", document);
        var pdf = _tree.PathOf("doc.pdf");
        Assert.StartsWith("%PDF-", File.ReadAllText(pdf)[..5], StringComparison.Ordinal);
        Assert.Contains("Output written on doc.pdf (3 pages", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Missing character", log, StringComparison.Ordinal);
    }
}
