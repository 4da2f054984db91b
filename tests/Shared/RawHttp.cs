using System.Net.Sockets;
using System.Text;

namespace GitReload.Tests.Shared;

/// <summary>HTTP/1.1 written by hand on a socket, for what HttpClient will not send: a body in chunks of a chosen size, half a body, or nothing at all.</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly TcpClient client;

    private RawHttp(TcpClient client) => this.client = client;

    public NetworkStream Stream => client.GetStream();

    /// <summary>Drops the connection with a reset (RST), as a proxy or a broken network does, not a close.</summary>
    public void Reset()
    {
        client.Client.Close(timeout: 0);
        client.Dispose();
    }

    /// <summary>Connects to <paramref name="server"/> and sends nothing yet.</summary>
    public static async Task<RawHttp> Connect(Uri server)
    {
        var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        return new RawHttp(client);
    }

    /// <summary>The head of a POST to <paramref name="path"/> (request line, headers, blank line); <paramref name="framing"/> is <c>Content-Length: N</c> or <c>Transfer-Encoding: chunked</c>.</summary>
    public static byte[] PostHead(Uri server, string path, string framing, params string[] headers) => Encoding.ASCII.GetBytes(
        $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\n{framing}\r\nContent-Type: application/json\r\nConnection: close\r\n"
        + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n");

    /// <summary><paramref name="body"/> as chunks of <paramref name="chunkSize"/> bytes, with the last, empty chunk.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        var framed = new MemoryStream();
        for (var at = 0; at < body.Length; at += chunkSize)
        {
            var size = Math.Min(chunkSize, body.Length - at);
            framed.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            framed.Write(body, at, size);
            framed.Write("\r\n"u8);
        }
        framed.Write("0\r\n\r\n"u8);
        return framed.ToArray();
    }

    /// <summary>POSTs <paramref name="body"/> as a chunked body of <paramref name="chunkSize"/>-byte chunks; returns the status line.</summary>
    public static async Task<string> PostChunked(Uri server, string path, byte[] body, int chunkSize, params string[] headers)
    {
        using var http = await Connect(server);
        await http.Send([.. PostHead(server, path, "Transfer-Encoding: chunked", headers), .. Chunked(body, chunkSize)]);
        return StatusLine(await http.ReadToEnd(TimeSpan.FromSeconds(30)));
    }

    /// <summary>Sends <paramref name="bytes"/>; a server that already answered and closed is not an error here.</summary>
    public async Task Send(byte[] bytes)
    {
        try
        {
            await Stream.WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a refusal): the answer is still there to read.
        }
    }

    /// <summary>One answer: its head and its body, as far as its <c>Content-Length</c> or last chunk (or the close) says.</summary>
    public async Task<string> ReadAnswer(TimeSpan limit)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            int read;
            while (!IsWhole(received.ToString()) && (read = await Stream.ReadAsync(buffer, deadline.Token)) > 0)
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // A reset after the answer is a close too.
        }
        return received.ToString();
    }

    private static bool IsWhole(string response)
    {
        var end = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
            return false;
        var head = response[..end];
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is not null)
            return response.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        return !head.Contains("chunked", StringComparison.OrdinalIgnoreCase) || response.EndsWith("0\r\n\r\n", StringComparison.Ordinal);
    }

    /// <summary>Everything the server sends until it closes the connection (or <paramref name="limit"/> passes).</summary>
    public async Task<string> ReadToEnd(TimeSpan limit)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, deadline.Token)) > 0)
                received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset after the answer is a close too.
        }
        catch (OperationCanceledException)
        {
            // Still open at the limit: what came so far is the answer.
        }
        return Encoding.ASCII.GetString(received.ToArray());
    }

    public static string StatusLine(string response) => response.Split("\r\n", 2)[0];

    public void Dispose() => client.Dispose();
}
