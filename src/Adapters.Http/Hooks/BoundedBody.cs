using System.Buffers;
using System.IO.Pipelines;
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
        using var deadline = new CancellationTokenSource(settings.BodyTimeout);
        var outcome = await ReadInto(body, request.BodyReader, limit, (announced ?? limit) + 1, signature, deadline.Token, cancellationToken);
        if (outcome is not BodyRead.Complete)
            body.Dispose();
        // The client is gone: nothing is left to answer, and Kestrel's draining of the rest of the body would read a
        // connection reset under a pending read ("Reading is already in progress", logged as an error; ServiceLogTests).
        if (outcome is BodyRead.Abandoned)
            request.HttpContext.Abort();
        return outcome;
    }

    private const string EndedEarly = "Unexpected end of request content";

    // The deadline cancels the pending read (CancelPendingRead), never through the read's token: a read that a
    // token cancels stays "in progress" inside Kestrel, whose draining of the rest of the body after the 408 then
    // failed and logged an error. Every read is advanced past before this returns (HookBodiesTests pins both).
    // Every read is copied out of Kestrel's buffer at once (leaving bytes examined but not consumed would leave
    // Kestrel's connection unable to end the request cleanly when the client goes away), and the budget is taken
    // for the bytes copied: a client that sends a byte and stalls holds one byte of it.
    private static async Task<BodyRead> ReadInto(
        HookBody body, PipeReader from, long limit, long most, StreamedSignature signature, CancellationToken deadline, CancellationToken aborted)
    {
        using var onDeadline = deadline.Register(from.CancelPendingRead);
        try
        {
            while (true)
            {
                var result = await from.ReadAsync(aborted);
                var buffered = result.Buffer;
                var (outcome, consumed) = Take(body, buffered, result, limit, most, signature);
                from.AdvanceTo(consumed);
                if (outcome is not null)
                    return outcome;
            }
        }
        catch (BadHttpRequestException ended) when (aborted.IsCancellationRequested || ended.Message.StartsWith(EndedEarly, StringComparison.Ordinal))
        {
            // The client went away mid-body (a forge that gave up waiting): its framing was never wrong. Kestrel says
            // so only in words (its reason is internal); HookBodiesTests pins them.
            return new BodyRead.Abandoned();
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

    // What one read of the body leads to (null: read on) and how far its bytes were consumed.
    private static (BodyRead? Outcome, SequencePosition Consumed) Take(
        HookBody body, ReadOnlySequence<byte> buffered, ReadResult result, long limit, long most, StreamedSignature signature)
    {
        if (result.IsCanceled)
            return (new BodyRead.TooSlow(), buffered.Start);
        if (body.Length + buffered.Length > limit)
            return (new BodyRead.TooLarge(), buffered.Start);
        var rest = buffered;
        while (!rest.IsEmpty)
        {
            var room = body.Room(most, rest.Length);
            if (room.IsEmpty)
                return (new BodyRead.NoRoom(), rest.Start);
            var count = (int)Math.Min(room.Length, rest.Length);
            rest.Slice(0, count).CopyTo(room.Span);
            signature.Append(room.Span[..count]);
            body.Advance(count);
            rest = rest.Slice(count);
        }
        if (!result.IsCompleted)
            return (null, rest.Start);
        signature.Complete();
        return (new BodyRead.Complete(body), rest.Start);
    }
}
