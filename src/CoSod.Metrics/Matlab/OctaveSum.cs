namespace CoSod.Metrics.Matlab;

/// <summary>
/// Summation in the order GNU Octave uses for double reductions, so that the places where the toolbox decides on a
/// sum (an S-measure block whose variance is exactly 0, a pixel equal to 2 * mean(p)) decide the same way here.
/// </summary>
/// <remarks>
/// Octave stores arrays column-major and reduces with one accumulator that starts at +0 and adds the elements in
/// storage order (liboctave's <c>mx_inline_sum</c>; MATLAB may block its sums, Octave does not, metrics-spec.md
/// 8.7 item 5). So <c>sum(X(:))</c> and <c>mean2(X)</c> walk the block column by column, and <c>sum(sum(X))</c> first
/// sums each column, then adds the column sums in column order: two different roundings of the same numbers.
/// Buffers here are column-major: element (row r, column c) of a block sits at <c>offset + c * pitch + r</c>.
/// </remarks>
public static class OctaveSum
{
    /// <summary><c>sum(v)</c> of a vector: elements added in order to an accumulator that starts at zero.</summary>
    public static double Sequential(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }

    /// <summary><c>sum(X(:))</c> of a rows x columns block: one accumulator over the block in column-major order.</summary>
    public static double ColumnMajor(ReadOnlySpan<double> buffer, int offset, int rows, int columns, int pitch)
    {
        var sum = 0.0;
        for (var c = 0; c < columns; c++)
        {
            foreach (var v in buffer.Slice(offset + (c * pitch), rows))
            {
                sum += v;
            }
        }

        return sum;
    }

    /// <summary>
    /// <c>sum(sum(X))</c> of a rows x columns block: each column summed from zero, then the column sums added in
    /// column order. A one-row block gives the same doubles (Octave sums a row vector along its length, and each
    /// one-element column sum is exact), so one rule covers every shape.
    /// </summary>
    public static double ColumnsThenTotal(ReadOnlySpan<double> buffer, int offset, int rows, int columns, int pitch)
    {
        var total = 0.0;
        for (var c = 0; c < columns; c++)
        {
            var column = 0.0;
            foreach (var v in buffer.Slice(offset + (c * pitch), rows))
            {
                column += v;
            }

            total += column;
        }

        return total;
    }
}
