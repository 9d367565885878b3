using CoSod.Metrics.PySod.SizeInvariance;

namespace CoSod.Evaluation.Families.PySod;

/// <summary>What the size-invariant families say about images PySODMetrics cannot score.</summary>
internal static class SizeInvarianceNotes
{
    /// <summary>One note per reason PySODMetrics cannot score some of these images, saying what it does there.</summary>
    public static List<string> For(string what, IReadOnlyList<SizeInvariantStatus> statuses)
    {
        var noBackground = statuses.Count(s => s == SizeInvariantStatus.NoBackground);
        var tooMany = statuses.Count(s => s == SizeInvariantStatus.TooManyTargets);
        var notes = new List<string>();
        if (noBackground > 0)
        {
            notes.Add($"{what} is undefined on {noBackground} image(s) whose ground truth has no background pixel: "
                + "PySODMetrics 1.6.2 raises AssertionError there; they are left out of these numbers");
        }

        if (tooMany > 0)
        {
            notes.Add($"{what} is undefined on {tooMany} image(s) with {SizeInvariantTargets.MaxTargets + 1} or more targets: "
                + "PySODMetrics 1.6.2 cannot encode them and raises; they are left out of these numbers");
        }

        return notes;
    }

    public static SizeInvariantStatus ReadStatus(BinaryReader reader)
    {
        var status = (SizeInvariantStatus)reader.ReadByte();
        return Enum.IsDefined(status) ? status : throw new InvalidDataException($"an unknown size-invariant status {(int)status}");
    }
}
