namespace CoSod.Evaluation.Results;

/// <summary>One image's own numbers under the flattened metric names; a null value is undefined for that image.</summary>
public sealed record ImageValues(string Key, IReadOnlyList<KeyValuePair<string, double?>> Values);
