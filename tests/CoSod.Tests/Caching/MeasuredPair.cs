using System.Globalization;
using CoSod.Data.Imaging;
using CoSod.Evaluation.Families;
using CoSod.Evaluation.Profiles;
using CoSod.Metrics;
using CoSod.Metrics.Matlab;
using CoSod.Metrics.PySod;

namespace CoSod.Tests.Caching;

/// <summary>
/// One pair measured by every default family of a profile, as the cache stores it: the records as bytes, and the
/// numbers they give (per-image values, and the reduction of the image taken twice), to compare after a round trip.
/// </summary>
internal abstract class MeasuredPair
{
    public abstract bool Resized { get; }

    public static MeasuredPair Of(EvaluationProfile profile, string mask, string map) => profile switch
    {
        PySodMetricsProfile p => Typed<GreyMap, PySodGroundTruth, PySodPair>.Measure(p, mask, map),
        EvalCoSodProfile p => Typed<GreyMap, GreyMap, GreyMapPair>.Measure(p, mask, map),
        CosodMatlabProfile p => Typed<MatlabImage, MatlabGroundTruth, MatlabPair>.Measure(p, mask, map),
        _ => throw new ArgumentException("Unknown profile " + profile.Name),
    };

    public abstract void Write(BinaryWriter writer);

    public abstract MeasuredPair ReadBack(bool resized, BinaryReader reader);

    public abstract string Numbers();

    public byte[] Bytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            Write(writer);
        }

        return stream.ToArray();
    }

    private sealed class Typed<TImage, TTruth, TPair> : MeasuredPair
        where TImage : class
        where TTruth : class
        where TPair : class
    {
        private readonly EvaluationProfile<TImage, TTruth, TPair> _profile;
        private readonly IReadOnlyList<IScoreColumn<TPair>> _columns;
        private readonly bool _resized;

        private Typed(EvaluationProfile<TImage, TTruth, TPair> profile, IReadOnlyList<IScoreColumn<TPair>> columns, bool resized)
        {
            _profile = profile;
            _columns = columns;
            _resized = resized;
        }

        public override bool Resized => _resized;

        public static Typed<TImage, TTruth, TPair> Measure(EvaluationProfile<TImage, TTruth, TPair> profile, string mask, string map)
        {
            var selection = profile.DefaultSelection;
            var truth = profile.Prepare(profile.Read(mask, ImageLimits.Default), new PreparationContext(selection, null, ImageLimits.Default));
            var pair = profile.Pair(truth, profile.Read(map, ImageLimits.Default), profile.DefaultAggregation, out var resized);
            var columns = profile.Selected(selection).Select(f => f.CreateColumn(1)).ToList();
            foreach (var column in columns)
            {
                column.Measure(0, pair);
            }

            return new Typed<TImage, TTruth, TPair>(profile, columns, resized);
        }

        public override void Write(BinaryWriter writer)
        {
            foreach (var column in _columns)
            {
                column.Write(0, writer);
            }
        }

        public override MeasuredPair ReadBack(bool resized, BinaryReader reader)
        {
            var columns = _profile.Selected(_profile.DefaultSelection).Select(f => f.CreateColumn(1)).ToList();
            foreach (var column in columns)
            {
                column.Read(0, reader);
            }

            return new Typed<TImage, TTruth, TPair>(_profile, columns, resized);
        }

        public override string Numbers()
        {
            static string Text(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "null";
            var perImage = _columns.SelectMany(c => c.PerImageValues(0)).Select(v => $"{v.Key}={Text(v.Value)}");
            var reduced = _columns.Select(c => c.Reduce([0, 0], ["g/a", "g/b"], [0], _profile.DefaultAggregation)).ToList();
            var scalars = reduced.SelectMany(r => r.Scalars).Select(s => $"{s.Key}={Text(s.Value)}");
            var curves = reduced.SelectMany(r => r.Curves).Select(c => c.Key + "=" + string.Join(",", c.Value.Select(BitConverter.DoubleToInt64Bits)));
            return string.Join("|", perImage.Concat(scalars).Concat(curves)) + "|resized=" + _resized;
        }
    }
}
