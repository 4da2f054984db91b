using System.Buffers;
using GitReload.Domain.Hooks;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// The <c>payload</c> field of an <c>application/x-www-form-urlencoded</c> body, decoded from the
/// body's bytes into one pooled buffer: no string of the whole payload (twice its size in UTF-16)
/// and no copy of the body is made, whatever its size.
/// </summary>
internal static class FormPayload
{
    private static ReadOnlySpan<byte> Name => "payload"u8;

    /// <summary>Hands the first non-empty <c>payload</c> field, decoded, to <paramref name="read"/>; a form without one is <see cref="HookEvent.Malformed"/>.</summary>
    public static HookEvent Read(ReadOnlySpan<byte> form, Func<ReadOnlyMemory<byte>, HookEvent> read)
    {
        foreach (var field in form.Split((byte)'&'))
        {
            var pair = form[field];
            var equals = pair.IndexOf((byte)'=');
            if (equals <= 0 || equals == pair.Length - 1 || !IsPayload(pair[..equals]))
                continue;
            var buffer = ArrayPool<byte>.Shared.Rent(pair.Length - equals - 1);
            try
            {
                return read(buffer.AsMemory(0, Decode(pair[(equals + 1)..], buffer)));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return new HookEvent.Malformed("Form body has no payload field");
    }

    // The name as a form sends it may be percent-encoded too, and compares without case, as ASP.NET Core's form reader did.
    private static bool IsPayload(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length > Name.Length * 3)
            return false;
        Span<byte> name = stackalloc byte[encoded.Length];
        return System.Text.Ascii.EqualsIgnoreCase(name[..Decode(encoded, name)], Name);
    }

    /// <summary>Decodes <c>+</c> and <c>%XX</c> into <paramref name="into"/> (never longer than the input); a <c>%</c> not followed by two hex digits stays as it is.</summary>
    private static int Decode(ReadOnlySpan<byte> encoded, Span<byte> into)
    {
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '+')
                b = (byte)' ';
            else if (b == '%' && i + 2 < encoded.Length && HexValue(encoded[i + 1]) is var high and >= 0 && HexValue(encoded[i + 2]) is var low and >= 0)
            {
                b = (byte)(high * 16 + low);
                i += 2;
            }
            into[length++] = b;
        }
        return length;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
