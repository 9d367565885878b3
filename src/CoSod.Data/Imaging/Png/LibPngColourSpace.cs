namespace CoSod.Data.Imaging.Png;

/// <summary>How libpng 1.6's colour-space code settles the file gamma from the gAMA and sRGB chunks it accepts.</summary>
internal struct LibPngColourSpace
{
    /// <summary>libpng's PNG_GAMMA_sRGB_INVERSE: the file gamma an sRGB chunk implies.</summary>
    public const int SrgbGamma = 45455;

    private bool _fromGama;
    private bool _fromSrgb;
    private bool _invalid;

    /// <summary>The file gamma (100000 = 1.0), 0 when none was set.</summary>
    public int Gamma { get; private set; }

    public void Gama(int gamma)
    {
        if (gamma < 16 || gamma > 625_000_000)
        {
            _invalid = true; // "gamma value out of range": libpng marks the colour space invalid
            return;
        }

        if (_fromGama || _invalid)
        {
            return; // "duplicate"
        }

        // After an sRGB chunk, a gAMA that disagrees is reported and dropped; one that agrees replaces it.
        if (_fromSrgb && LibPngGamma.Significant(LibPngGamma.MulDiv(Gamma, 100_000, gamma)))
        {
            return;
        }

        Gamma = gamma;
        _fromGama = true;
    }

    public void Srgb(byte intent)
    {
        if (_fromSrgb || _invalid)
        {
            return;
        }

        if (intent > 3)
        {
            _invalid = true; // "invalid sRGB rendering intent"
            return;
        }

        Gamma = SrgbGamma;
        _fromSrgb = true;
    }
}
