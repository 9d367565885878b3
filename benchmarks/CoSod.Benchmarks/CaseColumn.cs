using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CoSod.Benchmarks;

/// <summary>
/// A custom summary column whose cell is a function of the case (and its results). One class for every column of
/// the model benchmarks, so each column is a name, a legend and a function (shape: BenchmarkDotNet's TagColumn).
/// A function that returns null shows <c>NA</c>, BenchmarkDotNet's word for a missing value.
/// </summary>
public sealed class CaseColumn(
    string columnName, string legend, bool isNumeric, int priority, Func<Summary, BenchmarkCase, string?> value) : IColumn
{
    public string Id => nameof(CaseColumn) + "." + ColumnName;

    public string ColumnName { get; } = columnName;

    public string Legend { get; } = legend;

    public bool IsNumeric { get; } = isNumeric;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory { get; } = priority;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(summary, benchmarkCase) ?? "NA";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public override string ToString() => ColumnName;
}
