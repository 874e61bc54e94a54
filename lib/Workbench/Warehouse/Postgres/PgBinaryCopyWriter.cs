using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Workbench.Warehouse;

/// <summary>The PostgreSQL types <see cref="PgBinaryCopyWriter"/> encodes itself.</summary>
internal enum PgWireType
{
    Int8,
    Int4,
    Int2,
    Float8,
    Float4,
    Numeric,
    Text,
    Bool,
    Date,
    Timestamp,
    TimestampTz,
}

/// <summary>
/// Writes PostgreSQL's binary COPY format straight into the COPY stream: a field is a length and its bytes, so writing
/// it costs little more than the copy. Npgsql's importer resolves a converter for every value, which at millions of
/// rows made the client, not the server, the slow side of a load.
/// </summary>
internal sealed class PgBinaryCopyWriter(Stream stream)
{
    private static readonly DateTime Epoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly DateOnly EpochDate = new(2000, 1, 1);
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _used;

    /// <summary>The wire type of a column from its <c>format_type</c>, or null when this writer does not encode it.</summary>
    public static PgWireType? TypeOf(string formatType)
    {
        var type = formatType.ToLowerInvariant();
        return type switch
        {
            "bigint" => PgWireType.Int8,
            "integer" => PgWireType.Int4,
            "smallint" => PgWireType.Int2,
            "double precision" => PgWireType.Float8,
            "real" => PgWireType.Float4,
            "text" => PgWireType.Text,
            "boolean" => PgWireType.Bool,
            "date" => PgWireType.Date,
            "timestamp without time zone" => PgWireType.Timestamp,
            "timestamp with time zone" => PgWireType.TimestampTz,
            _ when type.StartsWith("numeric", StringComparison.Ordinal) => PgWireType.Numeric,
            _ when type.StartsWith("character varying", StringComparison.Ordinal) || type.StartsWith("character(", StringComparison.Ordinal) || type == "character" => PgWireType.Text,
            _ => null,
        };
    }

    public void WriteHeader()
    {
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        Reserve(signature.Length + 8);
        signature.CopyTo(_buffer.AsSpan(_used));
        _used += signature.Length;
        WriteInt32(0); // flags
        WriteInt32(0); // header extension length
    }

    /// <summary>
    /// Writes rows until the buffer is half full or the rows run out; returns how many it wrote (0 at the end). Runs
    /// for every row of a load, so it is compiled fully optimised from the first call, like the rest of the writer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int WriteRows(IEnumerator<object?[]> rows, PgWireType[] types)
    {
        var written = 0;
        while (_used <= _buffer.Length / 2 && rows.MoveNext())
        {
            var row = rows.Current;
            StartRow(types.Length);
            for (var i = 0; i < types.Length; i++)
            {
                Write(row[i], types[i]);
            }

            written++;
        }

        return written;
    }

    public void StartRow(int fields)
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), (short)fields);
        _used += 2;
    }

    /// <summary>Writes one value as <paramref name="type"/>; the value must already be of a matching .NET type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(object? value, PgWireType type)
    {
        if (value is null or DBNull)
        {
            Reserve(4);
            WriteInt32(-1);
            return;
        }

        switch (type)
        {
            case PgWireType.Int8:
                Field(8);
                BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used), value is long int8 ? int8 : Convert.ToInt64(value, CultureInfo.InvariantCulture));
                _used += 8;
                break;
            case PgWireType.Int4:
                Field(4);
                WriteInt32(value is int int4 ? int4 : Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case PgWireType.Int2:
                Field(2);
                BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), Convert.ToInt16(value, CultureInfo.InvariantCulture));
                _used += 2;
                break;
            case PgWireType.Float8:
                Field(8);
                BinaryPrimitives.WriteDoubleBigEndian(_buffer.AsSpan(_used), Convert.ToDouble(value, CultureInfo.InvariantCulture));
                _used += 8;
                break;
            case PgWireType.Float4:
                Field(4);
                BinaryPrimitives.WriteSingleBigEndian(_buffer.AsSpan(_used), Convert.ToSingle(value, CultureInfo.InvariantCulture));
                _used += 4;
                break;
            case PgWireType.Bool:
                Field(1);
                _buffer[_used++] = (value is bool flag ? flag : bool.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!)) ? (byte)1 : (byte)0;
                break;
            case PgWireType.Date:
                var date = value switch
                {
                    DateOnly d => d,
                    DateTime dt => DateOnly.FromDateTime(dt),
                    _ => DateOnly.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
                };
                Field(4);
                WriteInt32(date.DayNumber - EpochDate.DayNumber);
                break;
            case PgWireType.Timestamp:
            case PgWireType.TimestampTz:
                var timestamp = value switch
                {
                    DateTime dt => dt,
                    DateTimeOffset offset => offset.UtcDateTime,
                    DateOnly day => day.ToDateTime(TimeOnly.MinValue),
                    _ => DateTime.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
                };
                Field(8);
                BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_used), (timestamp.Ticks - Epoch.Ticks) / 10);
                _used += 8;
                break;
            case PgWireType.Numeric:
                WriteNumeric(value is decimal number ? number : Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            default:
                var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                var length = Encoding.UTF8.GetByteCount(text);
                if (length + 4 > _buffer.Length)
                {
                    // A value bigger than the buffer goes straight to the stream.
                    stream.Write(_buffer, 0, _used);
                    _used = 0;
                    WriteInt32(length);
                    stream.Write(_buffer, 0, _used);
                    _used = 0;
                    stream.Write(Encoding.UTF8.GetBytes(text));
                    break;
                }

                Field(length);
                _used += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_used));
                break;
        }
    }

    /// <summary>Ends the data (the trailer) and flushes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_used), -1);
        _used += 2;
        await FlushAsync(cancellationToken);
    }

    public async Task FlushIfFullAsync(CancellationToken cancellationToken)
    {
        if (_used > _buffer.Length / 2)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken);
        _used = 0;
    }

    /// <summary>
    /// PostgreSQL numeric: base-10000 digit groups around the decimal point, with weight, sign and display scale. The
    /// decimal's 96-bit mantissa is scaled so the point falls between groups, then split into groups by division.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteNumeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var pad = (4 - (scale % 4)) % 4;
        for (var i = 0; i < pad; i++)
        {
            mantissa *= 10;
        }

        var fractionGroups = (scale + pad) / 4;
        Span<short> groups = stackalloc short[16]; // least significant first; 10^38 needs at most 10 groups, plus padding
        var count = 0;
        while (mantissa != 0)
        {
            groups[count++] = (short)(ushort)(mantissa % 10000);
            mantissa /= 10000;
        }

        // Trailing zero groups (least significant) carry nothing; leading zeros never appear (the loop stops at zero).
        var low = 0;
        while (low < count && groups[low] == 0)
        {
            low++;
        }

        var digits = count - low;
        var weight = digits == 0 ? 0 : count - fractionGroups - 1;
        Field(8 + (2 * digits));
        var span = _buffer.AsSpan(_used);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], (short)weight);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], negative && digits > 0 ? (short)0x4000 : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(span[(8 + (2 * i))..], groups[count - 1 - i]);
        }

        _used += 8 + (2 * digits);
    }

    private void Field(int length)
    {
        Reserve(4 + length);
        WriteInt32(length);
    }

    private void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_used), value);
        _used += 4;
    }

    private void Reserve(int bytes)
    {
        if (_used + bytes > _buffer.Length)
        {
            stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
