namespace CoSod.Data.Imaging;

/// <summary>
/// At most one decode of a large image at a time, whatever the thread count: the transient memory of decoding
/// (libjpeg's coefficient buffers for a progressive JPEG, row buffers) then adds up for one large image only.
/// Small images (every real benchmark map) never wait.
/// </summary>
internal static class LargeDecodeGate
{
    /// <summary>Images over 16 megapixels count as large (four times the largest CoSOD benchmark image).</summary>
    public const long LargePixels = 16_000_000;

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Waits for the gate when <paramref name="pixels"/> is over <see cref="LargePixels"/>; dispose to leave.</summary>
    public static Pass Enter(long pixels)
    {
        if (pixels <= LargePixels)
        {
            return default;
        }

        Gate.Wait();
        return new Pass(true);
    }

    public readonly struct Pass(bool held) : IDisposable
    {
        public void Dispose()
        {
            if (held)
            {
                Gate.Release();
            }
        }
    }
}
