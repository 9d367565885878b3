namespace CoSod.Data.Imaging;

/// <summary>
/// How a reference toolbox turns a file into one 8-bit grey plane. The toolboxes disagree on colour files
/// (fixed-point formulas with different rounding), 16-bit files and colour JPEGs, so the reader needs to
/// know whose rule to follow. For grey 8-bit files every rule gives the stored values.
/// </summary>
public enum GreyConversion
{
    /// <summary>
    /// <c>cv2.imread(path, cv2.IMREAD_GRAYSCALE)</c> (PySODMetrics / PySODEvalToolkit): PNG colour through
    /// libpng's <c>rgb_to_gray</c> (coefficients 9797/19234/13737 over 2^15, truncated; through libpng's gamma
    /// tables when a gAMA or sRGB chunk declares a significant gamma), 16-bit samples by their high byte, BMP
    /// through OpenCV's own BGR-to-grey (4899/9617/1868 over 2^14, rounded), JPEG decoded by libjpeg, and the
    /// EXIF orientation of a JPEG or PNG applied.
    /// </summary>
    OpenCv,

    /// <summary>
    /// <c>PIL.Image.open(path).convert('L')</c> (eval-co-sod and the official model scripts): ITU-R 601-2
    /// luma 19595/38470/7471 over 2^16, rounded; 16-bit grey PNGs open as mode I and are clipped to 0..255
    /// (16-bit grey+alpha and colour samples are read by their high byte); EXIF orientation is ignored.
    /// </summary>
    Pil,
}
