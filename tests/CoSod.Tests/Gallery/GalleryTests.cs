using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using CoSod.Cli;
using CoSod.Data.Imaging;
using CoSod.Reports.Gallery;
using CoSod.Tests.Figures;
using CoSod.Tests.Infrastructure;

namespace CoSod.Tests.Gallery;

/// <summary>
/// cosod gallery on the bundled sample (its images/ folder, its ground truth and maps, scored with --per-image): the
/// picked rows are recomputed here from the per-image values of metrics.json with a plain loop, and the grid is
/// checked against the sizes of the pictures.
/// </summary>
public sealed class GalleryTests : IClassFixture<GalleryTests.SampleRun>, IDisposable
{
    private static readonly string[] Methods = ["SoftBlur", "Noisy", "NearBinary", "Resized"];

    private readonly SampleRun _sample;

    private readonly TempTree _tree = new();

    public GalleryTests(SampleRun sample) => _sample = sample;

    public void Dispose() => _tree.Dispose();

    /// <summary>The sample scored once with per-image values (one NearBinary map is missing on purpose).</summary>
    public sealed class SampleRun : IDisposable
    {
        private readonly TempTree _tree = new();

        public SampleRun()
        {
            var run = CliRun.Of("eval", "--gt", Path.Combine(SharedFixtures.SynthPublic, "datasets"),
                "--pred", Path.Combine(SharedFixtures.SynthPublic, "predictions"), "--out", _tree.PathOf("eval"),
                "--per-image", "--allow-missing", "--threads", "2");
            Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
            Metrics = _tree.PathOf("eval/metrics.json");
        }

        public string Metrics { get; }

        public void Dispose() => _tree.Dispose();
    }

    private CliRun Gallery(string outName, params string[] extra)
    {
        var root = SharedFixtures.SynthPublic;
        return CliRun.Of(["gallery", _sample.Metrics, "--images", Path.Combine(root, "images"), "--gt", Path.Combine(root, "datasets"),
            "--pred", Path.Combine(root, "predictions"), "--dataset", "CoCA", "--out", _tree.PathOf(outName), .. extra]);
    }

    /// <summary>Per method, key to value of one per-image metric, read straight from metrics.json.</summary>
    private Dictionary<string, Dictionary<string, double>> PerImage(string metric)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_sample.Metrics));
        var values = new Dictionary<string, Dictionary<string, double>>();
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.GetProperty("dataset").GetString() != "CoCA")
            {
                continue;
            }

            var mine = values[result.GetProperty("method").GetString()!] = [];
            foreach (var image in result.GetProperty("per_image").EnumerateObject())
            {
                if (image.Value.TryGetProperty(metric, out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    mine[image.Name] = v.GetDouble();
                }
            }
        }

        return values;
    }

    /// <summary>The rows a plain reading of the rule gives: margin over the best other method, sorted, ties by key.</summary>
    private List<string> Expected(string method, string metric, bool lowerIsBetter, bool best, int rows)
    {
        var values = PerImage(metric);
        var margins = new List<(string Key, double Margin)>();
        foreach (var (key, mine) in values[method])
        {
            var others = Methods.Where(m => m != method && values[m].ContainsKey(key)).Select(m => values[m][key]).ToList();
            if (others.Count == 0)
            {
                continue;
            }

            margins.Add((key, lowerIsBetter ? others.Min() - mine : mine - others.Max()));
        }

        var sorted = best
            ? margins.OrderByDescending(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal)
            : margins.OrderBy(m => m.Margin).ThenBy(m => m.Key, StringComparer.Ordinal);
        return sorted.Take(rows).Select(m => m.Key).ToList();
    }

    private List<string> PickedKeys(string outName) =>
        File.ReadAllLines(_tree.PathOf($"{outName}/gallery-CoCA.csv")).Skip(1).Select(l => l.Split(',')[0]).ToList();

    [Fact]
    public void Best_for_a_method_picks_its_largest_sm_margins_over_the_best_other_method()
    {
        var run = Gallery("best", "--methods", string.Join(",", Methods), "--pick", "best-for:SoftBlur", "--rows", "4");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal(Expected("SoftBlur", "Sm", lowerIsBetter: false, best: true, 4), PickedKeys("best"));
    }

    [Fact]
    public void Worst_for_a_method_by_mae_reads_lower_as_better()
    {
        var run = Gallery("worst", "--methods", string.Join(",", Methods), "--pick", "worst-for:Noisy", "--metric", "MAE", "--rows", "3");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var expected = Expected("Noisy", "MAE", lowerIsBetter: true, best: false, 3);
        Assert.Equal(expected, PickedKeys("worst"));
        Assert.NotEqual(Expected("Noisy", "MAE", lowerIsBetter: false, best: false, 3), expected);
    }

    [Fact]
    public void Spread_takes_one_image_per_group_and_a_list_takes_the_named_images_in_order()
    {
        Assert.Equal(ExitCodes.Ok, Gallery("spread", "--methods", string.Join(",", Methods), "--pick", "spread").ExitCode);
        var spread = PickedKeys("spread");
        Assert.Equal(["alarm clock", "banana", "violin"], spread.Select(GalleryRows.Group));
        var values = PerImage("Sm");
        foreach (var key in spread)
        {
            var group = GalleryRows.Group(key);
            var best = Expected("SoftBlur", "Sm", false, true, 100).First(k => GalleryRows.Group(k) == group);
            Assert.Equal(best, key);
        }

        Assert.Equal(ExitCodes.Ok, Gallery("named", "--methods", "Noisy,SoftBlur", "--pick", "violin/416839,alarm clock/32414").ExitCode);
        Assert.Equal(["violin/416839", "alarm clock/32414"], PickedKeys("named"));
        Assert.NotEmpty(values);
    }

    [Fact]
    public void The_grid_is_256_px_rows_with_4_px_gaps_columns_as_wide_as_their_widest_cell_at_300_dpi()
    {
        var run = Gallery("grid", "--methods", "SoftBlur,Resized", "--alias", "SoftBlur=Ours", "--pick", "best-for:Ours", "--rows", "3", "--scores");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var keys = PickedKeys("grid");
        Assert.Equal(3, keys.Count);

        var root = SharedFixtures.SynthPublic;
        int Cell(int w, int h) => (int)Math.Round(256.0 * w / h, MidpointRounding.AwayFromZero);
        var imageWidths = keys.Select(k => RgbImageReader.Read(Path.Combine(root, "images", "CoCA", "Image", k + ".jpg"))).Select(i => Cell(i.Width, i.Height)).ToList();
        var gtWidths = keys.Select(k => GreyImageReader.Read(Path.Combine(root, "datasets", "CoCA", "GroundTruth", k + ".png"), GreyConversion.OpenCv))
            .Select(g => Cell(g.Width, g.Height)).ToList();
        // Columns: image, GT, Ours, Resized; maps are shown at the GT's aspect.
        var expectedWidth = imageWidths.Max() + (3 * gtWidths.Max()) + (3 * 4);
        var expectedHeight = 40 + (3 * (256 + 4));
        var png = File.ReadAllBytes(_tree.PathOf("grid/gallery-CoCA.png"));
        Assert.Equal(((uint)expectedWidth, (uint)expectedHeight),
            (BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20))));
        Assert.Equal(11811u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(41)));

        var svg = File.ReadAllText(_tree.PathOf("grid/gallery-CoCA.svg"));
        Assert.Equal(["Image", "GT", "Ours", "Resized"], FigureFiles.Texts(svg).Take(4));
        var sm = PerImage("Sm")["SoftBlur"][keys[0]].ToString("F3", CultureInfo.InvariantCulture);
        Assert.Contains(sm, FigureFiles.Texts(svg));
        Assert.Equal(12, svg.Split("<image", StringSplitOptions.None).Length - 1);
    }

    [Fact]
    public void Two_runs_write_the_same_bytes()
    {
        string[] args = ["--methods", "SoftBlur,Noisy", "--rows", "2"];
        Assert.Equal(ExitCodes.Ok, Gallery("a", args).ExitCode);
        Assert.Equal(ExitCodes.Ok, Gallery("b", args).ExitCode);

        foreach (var extension in new[] { "png", "svg", "pdf", "csv" })
        {
            Assert.Equal(File.ReadAllBytes(_tree.PathOf($"a/gallery-CoCA.{extension}")), File.ReadAllBytes(_tree.PathOf($"b/gallery-CoCA.{extension}")));
        }
    }

    [PdfToTextFact]
    public void The_pdf_holds_the_column_names_as_text()
    {
        Assert.Equal(ExitCodes.Ok, Gallery("pdf", "--methods", "SoftBlur,Noisy", "--alias", "SoftBlur=GCoNet+", "--rows", "1").ExitCode);

        var text = PdfToText.Read(_tree.PathOf("pdf/gallery-CoCA.pdf"));

        Assert.Contains("GCoNet+", text, StringComparison.Ordinal);
        Assert.Contains("Noisy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_requests_exit_two_with_one_line_and_write_nothing()
    {
        var unknown = Gallery("x1", "--methods", "SoftBlur,Nope");
        var named = Gallery("x2", "--pick", "violin/none");
        var missingMap = Gallery("x3", "--methods", "NearBinary,SoftBlur", "--pick", "violin/68071");
        var noPerImage = CliRun.Of("gallery", PaperFigures.Write(_tree), "--images", "i", "--gt", "g", "--pred", "p", "--dataset", "CoCA", "--out", _tree.PathOf("x4"));

        Assert.Equal(ExitCodes.UnusableInput, unknown.ExitCode);
        Assert.Contains("method Nope has no result on this dataset", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, named.ExitCode);
        Assert.Contains("no ground truth for violin/none", named.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, missingMap.ExitCode);
        Assert.Contains("NearBinary has no map for violin/68071", missingMap.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UnusableInput, noPerImage.ExitCode);
        Assert.Contains("--per-image", noPerImage.Error, StringComparison.Ordinal);
        Assert.All(new[] { "x1", "x2", "x3", "x4" }, d => Assert.False(Directory.Exists(_tree.PathOf(d))));
    }
}
