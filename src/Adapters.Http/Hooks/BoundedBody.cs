using GitReload.Adapters.Http.Signatures;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GitReload.Adapters.Http.Hooks;

/// <summary>
/// Reads a hook body into pooled segments, feeding its signature check on the way, and stops as
/// soon as it is over <c>MAX_PAYLOAD_BYTES</c>, the <see cref="BodyBudget"/> is spent or its time
/// is up. Only the body's own bytes count against the limit, however it is chunked; the budget is
/// taken as bytes arrive, not as <c>Content-Length</c> announces them.
/// </summary>
public static class BoundedBody
{
    /// <summary>Reads the body of <paramref name="request"/>; a <see cref="BodyRead.Complete"/> body must be disposed.</summary>
    public static async Task<BodyRead> Read(HttpRequest request, HttpSettings settings, StreamedSignature signature, CancellationToken cancellationToken)
    {
        var limit = settings.MaxPayloadBytes;
        var announced = request.ContentLength;
        if (announced > limit)
            return new BodyRead.TooLarge();

        // Kestrel counts a chunked body's framing (sizes, line ends) against its own limit, which refused
        // bodies well under ours when sent in small chunks; this reader counts the body itself.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } kestrelLimit)
            kestrelLimit.MaxRequestBodySize = announced is null ? null : limit;

        var body = new HookBody(settings.Bodies);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.BodyTimeout);
        var outcome = await ReadInto(body, request.Body, limit, (announced ?? limit) + 1, signature, deadline.Token, cancellationToken);
        if (outcome is not BodyRead.Complete)
            body.Dispose();
        return outcome;
    }

    private static async Task<BodyRead> ReadInto(
        HookBody body, Stream from, long limit, long most, StreamedSignature signature, CancellationToken deadline, CancellationToken aborted)
    {
        try
        {
            while (true)
            {
                var room = body.Room(most);
                if (room.IsEmpty)
                    return new BodyRead.NoRoom();
                var read = await from.ReadAsync(room, deadline);
                if (read == 0)
                {
                    signature.Complete();
                    return new BodyRead.Complete(body);
                }
                signature.Append(room.Span[..read]);
                body.Advance(read);
                if (body.Length > limit)
                    return new BodyRead.TooLarge();
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return new BodyRead.TooSlow();
        }
        catch (BadHttpRequestException refused)
        {
            return refused.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new BodyRead.TooLarge(),
                StatusCodes.Status408RequestTimeout => new BodyRead.TooSlow(),
                var status => new BodyRead.Broken(status),
            };
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return new BodyRead.Abandoned();
        }
    }
}
