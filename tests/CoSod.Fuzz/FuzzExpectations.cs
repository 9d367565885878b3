using CoSod.Data.Imaging;

namespace CoSod.Fuzz;

/// <summary>What a reader must do with a case: refuse it, or return exactly this grey plane (any plane of this size when no hash).</summary>
public sealed record Expected(bool Refused, int Width, int Height, string? Sha256, string Why);

/// <summary>
/// The rule the fuzz suite holds every reader to. Where the reference refuses a file, exit 2 (the reader throws).
/// Where it decodes one, the reader returns its exact plane, unless the data is corrupt by the rule every profile
/// shares (libjpeg's "Corrupt JPEG data" or "Premature end of JPEG file"; a zlib stream that fails its Adler-32,
/// ends early or holds too few rows; a palette index past the PLTE the reference kept): then it is refused, or
/// with --accept-corrupt decoded exactly as the reference decodes it.
/// </summary>
public static class FuzzExpectations
{
    public static Expected For(FuzzCase fuzzCase, CaseVerdicts verdicts, GreyConversion rule, bool acceptCorrupt)
    {
        var reference = rule == GreyConversion.OpenCv ? verdicts.OpenCv : verdicts.Pil;
        if (!reference.Decoded)
        {
            return new Expected(true, 0, 0, null, "the reference refuses it: " + string.Join(" | ", reference.Messages));
        }

        // Past the default --max-pixels the reader refuses whatever the reference does (its cap, the same for all).
        if ((long)reference.Width * reference.Height > ImageLimits.Default.MaxPixels)
        {
            return new Expected(true, 0, 0, null, $"over --max-pixels ({reference.Width}x{reference.Height})");
        }

        var corruption = Corruption(fuzzCase, verdicts, rule);
        if (corruption is not null && !acceptCorrupt)
        {
            return new Expected(true, 0, 0, null, "corrupt data: " + corruption);
        }

        // libjpeg-turbo's portable decode (SkiaSharp's) and the SIMD one Debian ships differ only on coefficients no
        // real encoder writes; the reader is held to the portable decode there (a documented, counted gap).
        var portable = fuzzCase.Extension == ".jpg" && verdicts.Facts.TryGetProperty("pil_without_simd", out var p) ? p : (System.Text.Json.JsonElement?)null;
        if (portable is { } plane && verdicts.Pil.Decoded && plane.GetProperty("sha256").GetString() != verdicts.Pil.Sha256
            && (rule == GreyConversion.Pil || verdicts.Number("jpeg_components") != 3))
        {
            return new Expected(false, plane.GetProperty("width").GetInt32(), plane.GetProperty("height").GetInt32(),
                plane.GetProperty("sha256").GetString(), "libjpeg-turbo without SIMD (documented gap)");
        }

        // The documented gap: a colour JPEG under the OpenCV rule reads as Pillow's luma of the decoded RGB (checked
        // against Pillow's plane where Pillow decodes the file; where it does not, only the size is checked).
        if (rule == GreyConversion.OpenCv && fuzzCase.Extension == ".jpg" && verdicts.Number("jpeg_components") == 3)
        {
            var pil = portable is { } portablePlane ? portablePlane.GetProperty("sha256").GetString() : verdicts.Pil.Sha256;
            return verdicts.Pil.Decoded
                ? new Expected(false, verdicts.Pil.Width, verdicts.Pil.Height, pil, "colour JPEG under OpenCV: Pillow's luma (documented gap)")
                : new Expected(false, reference.Width, reference.Height, null, "colour JPEG under OpenCV: the size only (documented gap)");
        }

        return new Expected(false, reference.Width, reference.Height, reference.Sha256,
            corruption is null ? "the reference decodes it" : "--accept-corrupt: the reference's decode of corrupt data");
    }

    /// <summary>The shared corruption rule's verdict on the case, from the recorded facts; null when clean.</summary>
    public static string? Corruption(FuzzCase fuzzCase, CaseVerdicts verdicts, GreyConversion rule)
    {
        if (fuzzCase.Extension == ".jpg")
        {
            return verdicts.Fact("jpeg_corrupt") ? "libjpeg reports corrupt data" : null;
        }

        if (fuzzCase.Extension != ".png")
        {
            return null;
        }

        if (verdicts.Text("png_stream") is { } stream && stream != "ok")
        {
            return "zlib: " + stream;
        }

        if (verdicts.Fact("png_rows_short"))
        {
            return "the image data holds too few rows";
        }

        return verdicts.Fact(rule == GreyConversion.OpenCv ? "png_palette_overflow_libpng" : "png_palette_overflow_pil")
            ? "a palette index past the PLTE"
            : null;
    }
}
