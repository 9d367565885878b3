using System.Buffers.Binary;
using System.Text;

namespace CoSod.Tests.Models;

/// <summary>
/// Writes a one-tensor legacy torch.save file byte by byte (pickle protocol 2, as torch writes it), so a test can
/// declare sizes that real torch would never write. Both styles were checked to load in torch 1.13 (torch.load)
/// with the values the tests expect.
/// </summary>
internal static class LegacyFileBuilder
{
    /// <summary>
    /// {"w": FloatTensor of <paramref name="numel"/> elements} whose storage declares <paramref name="numel"/>
    /// elements and whose data section announces <paramref name="numel"/> but holds <paramref name="data"/>.
    /// </summary>
    /// <param name="python2">
    /// Write it as PyTorch 0.3 under Python 2 did (the vintage of torchvision's vgg16-397923af.pth): str keys as
    /// SHORT_BINSTRING, <c>_rebuild_tensor</c> with four arguments, and the OrderedDict as
    /// <c>OrderedDict([[key, value], ...])</c> rather than an empty one filled by SETITEMS.
    /// </param>
    public static byte[] OneFloatTensor(long numel, float[] data, bool python2 = false)
    {
        var bytes = new List<byte>();
        void Op(params byte[] b) => bytes.AddRange(b);
        void Text(string s)
        {
            var utf8 = Encoding.UTF8.GetBytes(s);
            if (python2)
            {
                Op(0x55, (byte)utf8.Length); // SHORT_BINSTRING, a Python 2 str
            }
            else
            {
                Op(0x58); // BINUNICODE
                Op(BitConverter.GetBytes(utf8.Length));
            }

            Op(utf8);
        }

        void Long(long v)
        {
            Op(0x8A, 8); // LONG1, 8 bytes little-endian
            Op(BitConverter.GetBytes(v));
        }

        void Global(string module, string name) => Op([0x63, .. Encoding.ASCII.GetBytes($"{module}\n{name}\n")]);

        // Magic number (LONG1, 10 bytes), protocol version 1001, an empty sys_info dict.
        Op(0x80, 2, 0x8A, 10, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E);
        Op(0x80, 2, 0x4D, 0xE9, 0x03, 0x2E);
        Op(0x80, 2, 0x7D, 0x2E);

        // {"w": _rebuild_tensor_v2(persistent_load(('storage', FloatStorage, '0', 'cpu', numel, None)), 0, (numel,), (1,), False, {})}
        Op(0x80, 2);
        if (python2)
        {
            Global("collections", "OrderedDict");
            Op(0x28, 0x5D, 0x28); // MARK (args), EMPTY_LIST (items), MARK (one [key, value] pair)
        }
        else
        {
            Op(0x7D); // EMPTY_DICT
        }

        Text("w");
        Global("torch._utils", python2 ? "_rebuild_tensor" : "_rebuild_tensor_v2");
        Op(0x28); // MARK: the argument tuple
        Op(0x28); // MARK: the persistent id
        Text("storage");
        Global("torch", "FloatStorage");
        Text("0");
        Text("cpu");
        Long(numel);
        Op(0x4E, 0x74, 0x51); // None, TUPLE, BINPERSID
        Op(0x4B, 0);          // storage offset 0
        Long(numel);
        Op(0x85);             // size (numel,)
        Op(0x4B, 1, 0x85);    // stride (1,)
        if (python2)
        {
            Op(0x74, 0x52);             // TUPLE, REDUCE: the tensor
            Op(0x6C, 0x61, 0x74, 0x52); // LIST (the pair), APPEND, TUPLE ((items,)), REDUCE: the OrderedDict
            Op(0x2E);
        }
        else
        {
            Op(0x89, 0x7D, 0x74, 0x52, 0x73, 0x2E); // False, {}, TUPLE, REDUCE, SETITEM, STOP
        }

        // The storage keys, then the storage: its element count and its bytes.
        Op(0x80, 2, 0x5D);
        Text("0");
        Op(0x61, 0x2E);
        Op(BitConverter.GetBytes(numel));
        foreach (var v in data)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, v);
            Op(b);
        }

        return bytes.ToArray();
    }
}
