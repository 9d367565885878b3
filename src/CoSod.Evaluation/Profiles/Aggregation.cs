namespace CoSod.Evaluation.Profiles;

/// <summary>How per-image numbers become a dataset number.</summary>
public enum Aggregation
{
    /// <summary>Every image weighs 1, all groups pooled (PySODEvalToolkit image mode, eval-co-sod).</summary>
    ImageMean,

    /// <summary>Mean within each group, then the plain mean over groups (PySODEvalToolkit grouped mode, the MATLAB toolbox).</summary>
    GroupMean,
}

public static class AggregationNames
{
    public static string ToName(this Aggregation aggregation) => aggregation switch
    {
        Aggregation.ImageMean => "image-mean",
        Aggregation.GroupMean => "group-mean",
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
    };

    public static bool TryParse(string? text, out Aggregation aggregation)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "image-mean":
                aggregation = Aggregation.ImageMean;
                return true;
            case "group-mean":
                aggregation = Aggregation.GroupMean;
                return true;
            default:
                aggregation = default;
                return false;
        }
    }
}
