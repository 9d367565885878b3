using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace CoSod.Models.Weights;

/// <summary>A class or function named by a pickle (GLOBAL "module\nname"). Nothing is ever imported or called.</summary>
internal sealed record PyGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>
/// A Python object this reader does not interpret: the result of calling <see cref="Callable"/> (usually a class)
/// with <see cref="Args"/>, plus whatever BUILD, SETITEMS or APPENDS then gave it. A pickled argparse.Namespace in
/// a training checkpoint, or the module object of <c>torch.save(model)</c>, ends up as one of these.
/// </summary>
internal sealed class PyObject(object? callable, object?[] args)
{
    public object? Callable { get; } = callable;

    public object?[] Args { get; } = args;

    public object? State { get; set; }

    public string TypeName => Callable is PyGlobal g ? g.ToString() : "an unnamed class";
}

/// <summary>A Python dict (or OrderedDict) that keeps insertion order, as Python does.</summary>
internal sealed class PyDict
{
    private readonly List<KeyValuePair<object?, object?>> _items = [];
    private readonly Dictionary<object, int> _index = [];
    private int _nullKeyIndex = -1;

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<object?, object?>> Items => _items;

    /// <summary>Python's d[key] = value: a new key goes last, an existing one keeps its place.</summary>
    public void Set(object? key, object? value)
    {
        var existing = key is null ? _nullKeyIndex : _index.GetValueOrDefault(key, -1);
        if (existing >= 0)
        {
            _items[existing] = new(key, value);
            return;
        }

        if (key is null)
        {
            _nullKeyIndex = _items.Count;
        }
        else
        {
            _index[key] = _items.Count;
        }

        _items.Add(new(key, value));
    }

    public bool TryGet(string key, out object? value)
    {
        if (_index.TryGetValue(key, out var i))
        {
            value = _items[i].Value;
            return true;
        }

        value = null;
        return false;
    }
}

/// <summary>
/// A minimal, restricted unpickler for the pickles inside PyTorch checkpoints (protocols 0-4 as Python writes them;
/// torch.save uses 2). Unlike Python's, it never imports or calls anything: every GLOBAL becomes a
/// <see cref="PyGlobal"/> and every REDUCE is handed to the caller's <c>reduce</c> function, which interprets the
/// few torch functions a state dict needs and leaves the rest inert. A checkpoint therefore cannot run code here.
/// </summary>
/// <remarks>
/// Python values map to: None → null, bool → bool, int → long (or <see cref="BigInteger"/> beyond 64 bits),
/// float → double, str → string, bytes → byte[], tuple → object?[], list and set → List&lt;object?&gt;,
/// dict → <see cref="PyDict"/>. Razorvine.Pickle was not used: its class registry is process-wide, and
/// TorchSharp.PyBridge registers its own torch handlers there (returning an unordered Hashtable), so the two would
/// overwrite each other depending on which ran first.
/// </remarks>
internal sealed class PickleMachine(
    ByteSource input,
    Func<object?, object?> persistentLoad,
    Func<PyGlobal, object?[], object?> reduce)
{
    private const int HighestProtocol = 5;

    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<long, object?> _memo = [];

    /// <summary>Reads one pickle, up to and including its STOP opcode, and returns its value.</summary>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        while (true)
        {
            var at = input.Position;
            var op = input.ReadByte();
            try
            {
                if (Step(op))
                {
                    return Pop();
                }
            }
            catch (InvalidDataException e) when (!e.Message.StartsWith("pickle opcode", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"pickle opcode 0x{op:x2} at byte {at}: {e.Message}", e);
            }
        }
    }

    /// <summary>Runs one opcode; true at STOP.</summary>
    private bool Step(byte op)
    {
        switch (op)
        {
            case 0x80: // PROTO
                var protocol = input.ReadByte();
                if (protocol > HighestProtocol)
                {
                    throw Corrupt($"protocol {protocol} is newer than any Python writes");
                }

                break;
            case 0x95: // FRAME: a length hint only
                input.ReadSmall(8);
                break;
            case (byte)'.': // STOP
                return true;
            case (byte)'(': // MARK
                _marks.Add(_stack.Count);
                break;
            case (byte)'0': // POP
                Pop();
                break;
            case (byte)'1': // POP_MARK
                PopToMark();
                break;
            case (byte)'2': // DUP
                Push(Peek());
                break;

            case (byte)'N': Push(null); break;
            case 0x88: Push(true); break;  // NEWTRUE
            case 0x89: Push(false); break; // NEWFALSE
            case (byte)'J': Push((long)input.ReadInt32()); break; // BININT
            case (byte)'K': Push((long)input.ReadByte()); break;  // BININT1
            case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(input.ReadSmall(2))); break; // BININT2
            case 0x8a: Push(ReadLong(input.ReadByte())); break;   // LONG1
            case 0x8b: Push(ReadLong(Length(input.ReadInt32()))); break; // LONG4
            case (byte)'I': Push(ParseIntLine(input.ReadLine())); break; // INT (protocol 0)
            case (byte)'L': Push(Normalize(BigInteger.Parse(input.ReadLine().TrimEnd('L'), CultureInfo.InvariantCulture))); break;
            case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(input.ReadSmall(8))); break; // BINFLOAT
            case (byte)'F': Push(double.Parse(input.ReadLine(), CultureInfo.InvariantCulture)); break;

            case (byte)'X': Push(ReadText(Length(input.ReadInt32()))); break;  // BINUNICODE
            case 0x8c: Push(ReadText(input.ReadByte())); break;                 // SHORT_BINUNICODE
            case 0x8d: Push(ReadText(Length(input.ReadInt64()))); break;        // BINUNICODE8
            // Python 2 str. torch.load decodes these as UTF-8 (its default encoding), so do the same.
            case (byte)'T': Push(ReadText(Length(input.ReadInt32()))); break;  // BINSTRING
            case (byte)'U': Push(ReadText(input.ReadByte())); break;            // SHORT_BINSTRING
            case (byte)'B': Push(input.ReadBytes(Length(input.ReadInt32()))); break; // BINBYTES
            case (byte)'C': Push(input.ReadBytes(input.ReadByte())); break;          // SHORT_BINBYTES
            case 0x8e: Push(input.ReadBytes(Length(input.ReadInt64()))); break;     // BINBYTES8

            case (byte)')': Push(Array.Empty<object?>()); break; // EMPTY_TUPLE
            case (byte)'t': Push(PopToMark().ToArray()); break;  // TUPLE
            case 0x85: Push(new[] { Pop() }); break;             // TUPLE1
            case 0x86: // TUPLE2
            {
                var b = Pop();
                var a = Pop();
                Push(new[] { a, b });
                break;
            }

            case 0x87: // TUPLE3
            {
                var c = Pop();
                var b = Pop();
                var a = Pop();
                Push(new[] { a, b, c });
                break;
            }

            case (byte)']': Push(new List<object?>()); break; // EMPTY_LIST
            case (byte)'l': Push(PopToMark()); break;         // LIST
            case 0x8f: Push(new List<object?>()); break;      // EMPTY_SET
            case 0x91: Push(PopToMark()); break;              // FROZENSET
            case (byte)'a': // APPEND
            {
                var item = Pop();
                AppendTo(Peek(), [item]);
                break;
            }

            case (byte)'e': // APPENDS
            case 0x90: // ADDITEMS
            {
                var items = PopToMark();
                AppendTo(Peek(), items);
                break;
            }

            case (byte)'}': Push(new PyDict()); break; // EMPTY_DICT
            case (byte)'d': // DICT
            {
                var dict = new PyDict();
                SetItems(dict, PopToMark());
                Push(dict);
                break;
            }

            case (byte)'s': // SETITEM
            {
                var value = Pop();
                var key = Pop();
                SetItems(Peek(), [key, value]);
                break;
            }

            case (byte)'u': // SETITEMS
            {
                var items = PopToMark();
                SetItems(Peek(), items);
                break;
            }

            case (byte)'c': // GLOBAL
            {
                var module = input.ReadLine();
                var name = input.ReadLine();
                Push(new PyGlobal(module, name));
                break;
            }

            case 0x93: // STACK_GLOBAL
            {
                var name = Pop() as string ?? throw Corrupt("STACK_GLOBAL without a string name");
                var module = Pop() as string ?? throw Corrupt("STACK_GLOBAL without a string module");
                Push(new PyGlobal(module, name));
                break;
            }

            case (byte)'R': // REDUCE
            {
                var args = Pop() as object?[] ?? throw Corrupt("REDUCE without an argument tuple");
                var callable = Pop();
                Push(callable is PyGlobal g ? reduce(g, args) : new PyObject(callable, args));
                break;
            }

            case 0x81: // NEWOBJ: cls.__new__(cls, *args), an instance we keep inert
            {
                var args = Pop() as object?[] ?? throw Corrupt("NEWOBJ without an argument tuple");
                Push(new PyObject(Pop(), args));
                break;
            }

            case 0x92: // NEWOBJ_EX
            {
                Pop(); // kwargs
                var args = Pop() as object?[] ?? throw Corrupt("NEWOBJ_EX without an argument tuple");
                Push(new PyObject(Pop(), args));
                break;
            }

            case (byte)'b': // BUILD: obj.__setstate__(state)
            {
                var state = Pop();
                if (Peek() is PyObject target)
                {
                    target.State = state;
                }

                // Anything else (an OrderedDict's _metadata, a tensor's empty state) is not needed to read weights.
                break;
            }

            case (byte)'Q': Push(persistentLoad(Pop())); break;              // BINPERSID
            case (byte)'P': Push(persistentLoad(input.ReadLine())); break;   // PERSID

            case (byte)'q': _memo[input.ReadByte()] = Peek(); break;            // BINPUT
            case (byte)'r': _memo[(uint)input.ReadInt32()] = Peek(); break;     // LONG_BINPUT
            case (byte)'p': _memo[long.Parse(input.ReadLine(), CultureInfo.InvariantCulture)] = Peek(); break; // PUT
            case 0x94: _memo[_memo.Count] = Peek(); break;                      // MEMOIZE
            case (byte)'h': Push(Recall(input.ReadByte())); break;              // BINGET
            case (byte)'j': Push(Recall((uint)input.ReadInt32())); break;       // LONG_BINGET
            case (byte)'g': Push(Recall(long.Parse(input.ReadLine(), CultureInfo.InvariantCulture))); break; // GET

            default:
                throw Corrupt($"opcode 0x{op:x2} is not one a PyTorch checkpoint uses");
        }

        return false;
    }

    private static InvalidDataException Corrupt(string message) => new(message);

    private static object ParseIntLine(string line) => line switch
    {
        "00" => false, // protocol 0 writes False and True as INT 00 and 01
        "01" => true,
        _ => long.Parse(line, CultureInfo.InvariantCulture),
    };

    private static void AppendTo(object? target, List<object?> items)
    {
        switch (target)
        {
            case List<object?> list:
                list.AddRange(items);
                break;
            case PyObject:
                break; // a list subclass we do not interpret
            default:
                throw Corrupt($"APPENDS onto a {Describe(target)}");
        }
    }

    private static void SetItems(object? target, List<object?> flat)
    {
        if (flat.Count % 2 != 0)
        {
            throw Corrupt("SETITEMS with an odd number of items");
        }

        switch (target)
        {
            case PyDict dict:
                for (var i = 0; i < flat.Count; i += 2)
                {
                    dict.Set(flat[i], flat[i + 1]);
                }

                break;
            case PyObject:
                break; // a dict subclass we do not interpret
            default:
                throw Corrupt($"SETITEMS onto a {Describe(target)}");
        }
    }

    private static string Describe(object? value) => value?.GetType().Name ?? "None";

    private long Length(long declared)
    {
        if (declared < 0)
        {
            throw Corrupt($"negative length {declared}");
        }

        input.Require(declared);
        return declared;
    }

    private string ReadText(long length)
    {
        if (length <= 4096)
        {
            return Encoding.UTF8.GetString(input.ReadSmall((int)length));
        }

        return Encoding.UTF8.GetString(input.ReadBytes(length));
    }

    private object ReadLong(long length)
    {
        if (length == 0)
        {
            return 0L;
        }

        var bytes = length <= 4096 ? input.ReadSmall((int)length).ToArray() : input.ReadBytes(length);
        return Normalize(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));
    }

    /// <summary>An int that fits in 64 bits is a long, like every other int here; only larger ones stay BigInteger.</summary>
    private static object Normalize(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (object)(long)value : value;

    private object? Recall(long index) =>
        _memo.TryGetValue(index, out var value) ? value : throw Corrupt($"memo entry {index} was never stored");

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > CurrentMarkFloor()
        ? _stack[^1]
        : throw Corrupt("the stack is empty");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    /// <summary>Python keeps a fresh stack per MARK, so nothing below the last MARK can be popped.</summary>
    private int CurrentMarkFloor() => _marks.Count > 0 ? _marks[^1] : 0;

    private List<object?> PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Corrupt("no MARK to pop to");
        }

        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        if (mark > _stack.Count)
        {
            throw Corrupt("a MARK above the top of the stack");
        }

        var items = _stack.GetRange(mark, _stack.Count - mark);
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }
}
