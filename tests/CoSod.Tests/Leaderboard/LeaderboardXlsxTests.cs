using ClosedXML.Excel;
using CoSod.Cli;
using CoSod.Reports.Leaderboard;
using CoSod.Tests.Infrastructure;
using static CoSod.Tests.Leaderboard.SyntheticReports;

namespace CoSod.Tests.Leaderboard;

/// <summary>
/// The xlsx leaderboard read back with ClosedXML: every number is a number equal to the table's value, every mark is
/// the right font style, the 9/10 lives in the number format, and two runs hold the same cells and styles (the bytes
/// differ: ClosedXML draws random part ids).
/// </summary>
public sealed class LeaderboardXlsxTests : IDisposable
{
    /// <summary>
    /// ClosedXML 0.95 writes a double with 17 significant digits but not always the shortest round-trip form (the last
    /// digit can be off: 0.15624499999999997 reads back as ...99); Excel itself keeps 15 digits.
    /// </summary>
    private const double StoredPrecision = 1e-15;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static LeaderboardTable PaperTable(bool transpose = false) => LeaderboardBuilder.Build(
        [new LeaderboardInput("paper.json", PaperTables.Report())],
        new LeaderboardOptions { Marks = 3, Transpose = transpose, Caption = "Ten methods" });

    private static XLWorkbook Open(byte[] bytes) => new(new MemoryStream(bytes));

    [Fact]
    public void Every_number_and_mark_of_the_wide_table_reads_back()
    {
        var table = PaperTable();
        using var workbook = Open(Leaderboards.RenderXlsx(table));
        var sheet = workbook.Worksheet("Leaderboard");

        Assert.Equal("Ten methods", sheet.Cell(1, 1).GetString());
        Assert.Equal("Method", sheet.Cell(3, 1).GetString());
        Assert.Equal("CoCA", sheet.Cell(3, 2).GetString());
        Assert.True(sheet.Cell(3, 2).IsMerged());
        Assert.Equal("MAE ↓", sheet.Cell(4, 3).GetString());
        var checkedCells = 0;
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            Assert.Equal(row.Label, sheet.Cell(5 + r, 1).GetString());
            for (var d = 0; d < row.Groups.Count; d++)
            {
                for (var m = 0; m < table.Metrics.Count; m++)
                {
                    var cell = sheet.Cell(5 + r, 2 + (d * table.Metrics.Count) + m);
                    var expected = row.Groups[d].Cells[m];
                    Assert.Equal(XLDataType.Number, cell.DataType);
                    Assert.Equal(expected.Value!.Value, cell.GetDouble(), StoredPrecision);
                    Assert.Equal(expected.Rank == 1, cell.Style.Font.Bold);
                    Assert.Equal(expected.Rank == 2 ? XLFontUnderlineValues.Single : XLFontUnderlineValues.None, cell.Style.Font.Underline);
                    Assert.Equal(expected.Rank == 3, cell.Style.Font.Italic);
                    var scored = m == 0 ? row.Groups[d].ScoredOfExpected : null;
                    Assert.Equal(scored is null ? "0.000" : "0.000\" (9/10)\"", cell.Style.NumberFormat.Format);
                    checkedCells++;
                }
            }
        }

        Assert.Equal(10 * 3 * 9, checkedCells);
        Assert.True(sheet.Column(1).Width > 8, "the method column has an explicit width");
    }

    [Fact]
    public void The_transposed_sheet_has_a_block_of_rows_per_dataset()
    {
        var table = PaperTable(transpose: true);
        using var workbook = Open(Leaderboards.RenderXlsx(table));
        var sheet = workbook.Worksheet("Leaderboard");

        Assert.Equal(["Dataset", "Method", "Sm ↑", "MAE ↓"], Enumerable.Range(1, 4).Select(c => sheet.Cell(3, c).GetString()));
        for (var d = 0; d < 3; d++)
        {
            for (var r = 0; r < 10; r++)
            {
                var row = 4 + (d * 10) + r;
                Assert.Equal(r == 0 ? PaperTables.Datasets[d] : string.Empty, sheet.Cell(row, 1).GetString());
                Assert.Equal(PaperTables.Methods[r], sheet.Cell(row, 2).GetString());
                for (var m = 0; m < 9; m++)
                {
                    Assert.Equal(table.Rows[r].Groups[d].Cells[m].Value!.Value, sheet.Cell(row, 3 + m).GetDouble(), StoredPrecision);
                    Assert.Equal(table.Rows[r].Groups[d].Cells[m].Rank == 3, sheet.Cell(row, 3 + m).Style.Font.Italic);
                }
            }
        }
    }

    [Fact]
    public void Two_runs_of_the_command_hold_the_same_cells_and_styles()
    {
        var input = PaperTables.Write(_tree);
        var first = CliRun.Of("leaderboard", input, "--out", _tree.PathOf("a.xlsx"), "--marks", "3");
        var second = CliRun.Of("leaderboard", input, "--format", "xlsx", "--out", _tree.PathOf("b.xlsx"), "--marks", "3");
        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);

        using var a = new XLWorkbook(_tree.PathOf("a.xlsx"));
        using var b = new XLWorkbook(_tree.PathOf("b.xlsx"));
        var cellsA = Cells(a.Worksheet(1));
        Assert.True(cellsA.Count > 300);
        Assert.Equal(cellsA, Cells(b.Worksheet(1)));
    }

    [Fact]
    public void A_method_named_like_a_formula_stays_text_and_xlsx_refuses_standard_output()
    {
        var table = LeaderboardBuilder.Build([Input("a.json", Report("pysodmetrics", Result("=1+1", "D", ("Sm", 0.5))))], new LeaderboardOptions());
        using var workbook = Open(Leaderboards.RenderXlsx(table));
        var cell = workbook.Worksheet(1).Cell(3, 1);
        Assert.False(cell.HasFormula);
        Assert.Equal("=1+1", cell.GetString());

        var run = CliRun.Of("leaderboard", PaperTables.Write(_tree), "--format", "xlsx");
        Assert.Equal(ExitCodes.UnusableInput, run.ExitCode);
        Assert.Contains("--out", run.Error, StringComparison.Ordinal);
    }

    private static List<string> Cells(IXLWorksheet sheet) =>
        sheet.CellsUsed().Select(c => string.Join("|", c.Address.ToString(), c.DataType, c.Value?.ToString(), c.Style.Font.Bold,
            c.Style.Font.Italic, c.Style.Font.Underline, c.Style.NumberFormat.Format, c.IsMerged())).ToList();
}
