using CoSod.Data.Imaging;

namespace CoSod.Data.Resampling;

/// <summary>
/// <c>cv2.resize(rgb, (w, h), interpolation=INTER_LINEAR)</c> of an 8-bit 3-channel image: OpenCV resizes every
/// channel with the same coefficients and integer arithmetic, so each channel is <see cref="OpenCvLinearResize"/> of
/// its plane (checked against Debian's python3-opencv 4.6.0 on the PySODMetrics astronaut and random images).
/// </summary>
public static class OpenCvLinearRgbResize
{
    /// <summary>The image at the requested size (the image itself when the size already matches).</summary>
    /// <exception cref="ArgumentException">A requested size is not positive.</exception>
    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width == width && image.Height == height)
        {
            return image;
        }

        ResizeArguments.Validate(image.Pixels.Length, image.Width, image.Height, null, width, height, channels: RgbImage.Channels);
        var plane = new byte[image.PixelCount];
        var resizedPlane = new byte[width * height];
        var pixels = new byte[width * height * RgbImage.Channels];
        for (var channel = 0; channel < RgbImage.Channels; channel++)
        {
            for (var i = 0; i < plane.Length; i++)
            {
                plane[i] = image.Pixels[(i * RgbImage.Channels) + channel];
            }

            OpenCvLinearResize.Resize(plane, image.Width, image.Height, resizedPlane, width, height);
            for (var i = 0; i < resizedPlane.Length; i++)
            {
                pixels[(i * RgbImage.Channels) + channel] = resizedPlane[i];
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
