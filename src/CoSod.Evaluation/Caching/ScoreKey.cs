using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;

namespace CoSod.Evaluation.Caching;

/// <summary>
/// The full key of one cached pair: a canonical text naming everything its scores depend on, and the SHA-256 of that
/// text (hex), which names the entry file. The text is stored inside the entry and compared on every read.
/// </summary>
public sealed record ScoreKey(string Text, string Hash, string GroundTruthHash, string PredictionHash);

/// <summary>
/// What every key of one run shares: the tool build, the profile and every profile option that changes numbers
/// (the cosod-matlab threshold doubles among them), the image limits (they decide whether a file is refused), the
/// selected metric families (an entry holds exactly their records). The profile's options are taken as they hold under
/// the run's aggregation (under group-mean the pysodmetrics profile resizes as PySODEvalToolkit's grouped mode does);
/// the aggregation itself, bootstrap and report options are left out: they act after the per-image scores.
/// </summary>
public sealed class ScoreKeyScope
{
    private readonly string _prefix;

    public ScoreKeyScope(EvaluationProfile profile, ImageLimits limits, MetricSelection selection, Aggregation aggregation, string toolIdentity)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(limits);
        var text = new StringBuilder();
        text.Append("cosod per-image scores\n");
        Line(text, "tool", toolIdentity);
        Line(text, "profile", profile.Name);
        Line(text, "max_pixels", limits.MaxPixels.ToString(CultureInfo.InvariantCulture));
        Line(text, "max_file_bytes", limits.MaxFileBytes.ToString(CultureInfo.InvariantCulture));
        Line(text, "metrics", selection.ToString());
        foreach (var (name, value) in profile.OptionsFor(aggregation).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            Line(text, "option " + name, value);
        }

        _prefix = text.ToString();
    }

    /// <param name="groundTruthHash">SHA-256 (hex) of the ground-truth file's bytes.</param>
    /// <param name="predictionHash">SHA-256 (hex) of the prediction file's bytes.</param>
    public ScoreKey For(string groundTruthHash, string predictionHash)
    {
        var text = new StringBuilder(_prefix);
        Line(text, "gt", groundTruthHash);
        Line(text, "pred", predictionHash);
        var full = text.ToString();
        return new ScoreKey(full, HashText(full), groundTruthHash, predictionHash);
    }

    internal static string HashText(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>One "name value" line; a backslash, CR or LF in the value is escaped so that lines cannot run together.</summary>
    private static void Line(StringBuilder text, string name, string value) =>
        text.Append(name).Append(' ')
            .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("\n", "\\n", StringComparison.Ordinal)
                .Replace("\r", "\\r", StringComparison.Ordinal))
            .Append('\n');
}
