using System.Globalization;
using ClosedXML.Excel;
using CoSod.Reports.Tables;

namespace CoSod.Reports.Leaderboard;

/// <summary>
/// The leaderboard as an Excel workbook (one sheet, <see cref="SheetName"/>): the caption (if any) on the first row,
/// then the table as LaTeX lays it out (a merged dataset head over its metrics, or transposed), numbers stored as
/// numbers at full precision and shown at the table's decimals, the marks as bold, underline and italic, the
/// <c>9/10</c> of an incomplete group in its first cell's number format (the value stays a number), and the
/// notes as plain text under the table. Column widths are set from the text (ClosedXML's AdjustToContents
/// needs GDI+ and throws on Linux). The bytes differ between runs (ClosedXML draws random part ids); the cells
/// and styles do not.
/// </summary>
internal static class LeaderboardXlsx
{
    public const string SheetName = "Leaderboard";

    /// <summary>Room added to the longest text of a column, in characters.</summary>
    private const double WidthPadding = 2;

    private static readonly PlainMarkup Plain = new();

    public static byte[] Render(LeaderboardTable table)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(SheetName);
        var widths = new Dictionary<int, double>();
        void Text(int row, int column, string text)
        {
            // SetValue<string> stores text as text: a method called "=1+1" stays a name, never a formula.
            sheet.Cell(row, column).SetValue(text);
            widths[column] = Math.Max(widths.GetValueOrDefault(column), text.Length);
        }

        var top = 1;
        if (table.Caption is { Length: > 0 } caption)
        {
            sheet.Cell(1, 1).SetValue(caption);
            top = 3;
        }

        var labelColumns = table.Transpose ? 2 : 1;
        int lastRow;
        if (table.Transpose)
        {
            Text(top, 1, "Dataset");
            Text(top, 2, "Method");
            for (var m = 0; m < table.Metrics.Count; m++)
            {
                Text(top, 3 + m, Head(table.Metrics[m]));
            }

            Bold(sheet.Range(top, 1, top, 2 + table.Metrics.Count));
            var row = top + 1;
            for (var d = 0; d < table.Datasets.Count; d++)
            {
                var first = true;
                foreach (var tableRow in table.Rows.Where(r => r.Groups[d].Result is not null))
                {
                    if (first)
                    {
                        Text(row, 1, table.Datasets[d]);
                    }

                    Text(row, 2, tableRow.Label);
                    var group = tableRow.Groups[d];
                    for (var m = 0; m < group.Cells.Count; m++)
                    {
                        Number(sheet.Cell(row, 3 + m), group, m, table, widths, 3 + m);
                    }

                    row++;
                    first = false;
                }
            }

            lastRow = row - 1;
        }
        else
        {
            var metrics = table.Metrics.Count;
            Text(top, 1, "Method");
            sheet.Range(top, 1, top + 1, 1).Merge();
            for (var d = 0; d < table.Datasets.Count; d++)
            {
                var first = 2 + (d * metrics);
                sheet.Cell(top, first).SetValue(table.Datasets[d]);
                sheet.Range(top, first, top, first + metrics - 1).Merge().Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
                for (var m = 0; m < metrics; m++)
                {
                    Text(top + 1, first + m, Head(table.Metrics[m]));
                }
            }

            Bold(sheet.Range(top, 1, top + 1, 1 + (table.Datasets.Count * metrics)));
            var row = top + 2;
            foreach (var tableRow in table.Rows)
            {
                Text(row, 1, tableRow.Label);
                for (var d = 0; d < tableRow.Groups.Count; d++)
                {
                    var group = tableRow.Groups[d];
                    for (var m = 0; m < group.Cells.Count; m++)
                    {
                        var column = 2 + (d * metrics) + m;
                        Number(sheet.Cell(row, column), group, m, table, widths, column);
                    }
                }

                row++;
            }

            lastRow = row - 1;
        }

        if (table.Notes != NotesPlacement.None)
        {
            var row = lastRow + 2;
            foreach (var note in LeaderboardNotes.Build(table, Plain))
            {
                sheet.Cell(row++, 1).SetValue(note);
            }
        }

        foreach (var (column, width) in widths)
        {
            sheet.Column(column).Width = width + WidthPadding;
        }

        for (var c = 1; c <= labelColumns; c++)
        {
            sheet.Column(c).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;
        }

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    /// <summary>A metric's head as the sheet prints it: the name and its arrow ("MAE ↓").</summary>
    public static string Head(string metric) => metric + " " + MetricNames.Arrow(metric);

    /// <summary>The number format of a cell: the table's decimals, and the group's n/m after the first cell.</summary>
    public static string NumberFormat(int decimals, string? scoredOfExpected)
    {
        var format = decimals == 0 ? "0" : "0." + new string('0', decimals);
        return scoredOfExpected is null ? format : format + "\" (" + scoredOfExpected + ")\"";
    }

    private static void Number(IXLCell cell, LeaderboardGroup group, int index, LeaderboardTable table, Dictionary<int, double> widths, int column)
    {
        var value = group.Cells[index];
        var scored = index == 0 ? group.ScoredOfExpected : null;
        string shown;
        if (value.Value is { } number)
        {
            cell.SetValue(number);
            cell.Style.NumberFormat.Format = NumberFormat(table.Decimals, scored);
            shown = value.Text + (scored is null ? string.Empty : " (" + scored + ")");
        }
        else
        {
            shown = "—" + (scored is null ? string.Empty : " (" + scored + ")");
            cell.SetValue(shown);
        }

        cell.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Right;
        if (value.IsBest)
        {
            cell.Style.Font.Bold = true;
        }
        else if (value.IsSecond)
        {
            cell.Style.Font.Underline = XLFontUnderlineValues.Single;
        }
        else if (value.IsThird && table.Marks >= 3)
        {
            cell.Style.Font.Italic = true;
        }

        widths[column] = Math.Max(widths.GetValueOrDefault(column), shown.Length);
    }

    private static void Bold(IXLRange range) => range.Style.Font.Bold = true;

    /// <summary>The notes as plain text: no markup; the marks are named in words.</summary>
    private sealed class PlainMarkup : LeaderboardMarkup
    {
        public override string EmDash => "—";

        public override string Up => "↑";

        public override string Down => "↓";

        public override string Text(string plain) => plain.Replace('\n', ' ').Replace('\r', ' ');

        public override string Code(string plain) => Text(plain);

        public override string Bold(string markup) => markup;

        public override string Underline(string markup) => markup;

        public override string Italic(string markup) => markup;

        public override string Superscript(string plain) => Text(plain);
    }
}
