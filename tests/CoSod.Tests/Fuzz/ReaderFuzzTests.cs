using System.Diagnostics;
using System.Security.Cryptography;
using CoSod.Data.Imaging;
using CoSod.Fuzz;

namespace CoSod.Tests.Fuzz;

/// <summary>
/// Every case of the fuzz corpus (the issue-11 regressions, the seeds, 300 seeded mutants) through the grey readers of
/// both references, with and without --accept-corrupt, against what OpenCV 4.6 and Pillow 9.4 did with the same bytes
/// (<see cref="FuzzExpectations"/>): a refusal where expected, the exact plane otherwise, never another exception, and
/// never more than 20 s for one case.
/// </summary>
public sealed class ReaderFuzzTests
{
    public static TheoryData<GreyConversion, bool> Modes() => new()
    {
        { GreyConversion.OpenCv, false },
        { GreyConversion.OpenCv, true },
        { GreyConversion.Pil, false },
        { GreyConversion.Pil, true },
    };

    [Fact]
    public void The_generator_still_makes_the_bytes_the_verdicts_were_recorded_for()
    {
        var missing = FuzzCorpus.Cases.Where(c => !FuzzCorpus.Verdicts.ContainsKey(c.Sha256)).Select(c => c.Name).ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} cases have no recorded verdict (first: {string.Join(", ", missing.Take(5))})");
        Assert.True(FuzzCorpus.Cases.Count >= 300, $"the corpus has {FuzzCorpus.Cases.Count} cases");
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Every_case_is_read_as_the_reference_reads_it(GreyConversion rule, bool acceptCorrupt)
    {
        var mismatches = new List<string>();
        foreach (var fuzzCase in FuzzCorpus.Cases)
        {
            var expected = FuzzExpectations.For(fuzzCase, FuzzCorpus.For(fuzzCase), rule, acceptCorrupt);
            var limits = ImageLimits.Default with { AcceptCorrupt = acceptCorrupt };
            var watch = Stopwatch.StartNew();
            string actual;
            try
            {
                var map = GreyImageReader.Decode(fuzzCase.Bytes, fuzzCase.Name, rule, limits);
                var sha = Convert.ToHexStringLower(SHA256.HashData(map.Pixels));
                actual = expected.Refused || (expected.Sha256 is not null && sha != expected.Sha256) || map.Width != expected.Width || map.Height != expected.Height
                    ? $"decoded {map.Width}x{map.Height} {sha[..12]}"
                    : "ok";
            }
            catch (ImageReadException e)
            {
                actual = expected.Refused ? "ok" : "refused: " + e.Problem;
            }
            catch (Exception e)
            {
                actual = $"threw {e.GetType().Name}: {e.Message}";
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(20))
            {
                actual += $" (took {watch.Elapsed.TotalSeconds:F1} s)";
            }

            if (actual != "ok")
            {
                mismatches.Add($"{fuzzCase.Name}: expected {(expected.Refused ? "a refusal" : $"{expected.Width}x{expected.Height} {expected.Sha256?[..12]}")} ({expected.Why}); got {actual}");
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} of {FuzzCorpus.Cases.Count} cases differ:\n" + string.Join("\n", mismatches));
    }
}
