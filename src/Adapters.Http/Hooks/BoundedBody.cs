using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>Reads a request body into memory, refusing as soon as it grows past a limit.</summary>
public static class BoundedBody
{
    /// <summary>The whole body, or None when it is larger than <paramref name="limit"/> bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>?> Read(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
            return null;

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await request.Body.ReadAsync(memory, cancellationToken);
            if (read == 0)
                return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
                return null;
        }
    }
}
