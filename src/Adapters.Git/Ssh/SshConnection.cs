using System.Buffers;
using System.Diagnostics;
using System.Text;
using GitReload.Adapters.Git.FileSystem;
using LibGit2Sharp;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>
/// One ssh process carrying git's protocol: libgit2 writes to its stdin and reads its stdout. It is
/// a child .NET starts and waits for, so it never lingers as a zombie (libgit2's own ssh transport
/// closes its pipes and never waits). Past the fetch's time limit the read or write libgit2 is in
/// is cancelled and ssh is killed with everything it started. What it says on stderr is kept, the
/// last 16 KiB, and told to the session line by line (the service's log). Pinned by <c>Twenty_fetches_over_ssh_leave_no_defunct_ssh_process_behind</c> and
/// <c>A_fetch_over_ssh_that_hangs_past_the_time_limit_fails_for_now_and_its_ssh_is_ended</c>.
/// </summary>
internal sealed class SshConnection : SmartSubtransportStream
{
    private const int MaxSaid = 16 * 1024;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(2);

    private readonly SshCommand command;
    private readonly SshSession session;
    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly StringBuilder said = new();
    private readonly Task heard;
    private readonly CancellationTokenRegistration atLimit;
    private bool reachedEnd;
    private bool ended;

    private SshConnection(SmartSubtransport transport, SshCommand command, SshSession session, Process process)
        : base(transport)
    {
        (this.command, this.session, this.process) = (command, session, process);
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
        heard = Task.Run(() => Hear(process.StandardError));
        atLimit = session.Limit.Register(Kill);
    }

    /// <summary>Starts ssh for <paramref name="service"/> at <paramref name="url"/>; an exception libgit2 reports as the fetch's error when it cannot.</summary>
    public static SshConnection Start(SmartSubtransport transport, string url, string service)
    {
        var session = SshSession.Current;
        var command = SshCommand.For(url, service, session.CoreSshCommand).Match(
            Right: c => c,
            Left: why => throw new LibGit2SharpException($"cannot fetch over ssh: {why.Message}"));
        try
        {
            return new SshConnection(transport, command, session, Process.Start(command.StartInfo())!);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            session.Ended(SshRun.NotStarted(command, $"{command.Program}: {e.Message}"));
            throw new LibGit2SharpException($"cannot run {command.Program}: {e.Message}");
        }
    }

    public override int Read(Stream dataStream, long length, out long bytesRead)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 65536));
        try
        {
            // Cancellable, unlike a plain read: a process ssh started and the kill missed may hold the pipe open.
            var read = output.ReadAsync(buffer.AsMemory(0, (int)Math.Min(length, buffer.Length)), session.Limit).AsTask().GetAwaiter().GetResult();
            reachedEnd |= read == 0;
            dataStream.Write(buffer, 0, read);
            bytesRead = read;
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override int Write(Stream dataStream, long length)
    {
        try
        {
            dataStream.CopyToAsync(input, session.Limit).GetAwaiter().GetResult();
            input.FlushAsync(session.Limit).GetAwaiter().GetResult();
            return 0;
        }
        catch (IOException)
        {
            // ssh is gone: what it said tells why.
            reachedEnd = true;
            throw;
        }
    }

    protected override void Free()
    {
        End();
        base.Free();
    }

    /// <summary>Ends ssh, gently once libgit2 is done with it (stdin closed), and tells the session how it ended.</summary>
    public void End()
    {
        if (ended) return;
        ended = true;
        atLimit.Dispose();
        var byItself = reachedEnd || process.HasExited;
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // It exited already.
        }
        if (!process.WaitForExit(ExitWait))
        {
            Kill();
            process.WaitForExit(ExitWait);
        }
        heard.Wait(DrainWait);
        session.Ended(new SshRun(command.ToString(), command.Program, byItself, process.HasExited ? process.ExitCode : -1, Said()));
        process.Dispose();
    }

    private void Kill()
    {
        try
        {
            // Stopped first, so that a shell running the ssh command cannot start it while the tree is read and killed.
            if (!process.HasExited) Libc.Signal(process.Id, Libc.StopSignal);
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
    }

    private async Task Hear(StreamReader stderr)
    {
        try
        {
            while (await stderr.ReadLineAsync() is { } line)
            {
                session.Say(line);
                lock (said)
                {
                    said.AppendLine(line);
                    if (said.Length > MaxSaid) said.Remove(0, said.Length - MaxSaid);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed under the reader: what was said so far stays.
        }
    }

    private string Said()
    {
        lock (said) return said.ToString().Trim();
    }
}
