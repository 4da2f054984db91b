using LibGit2Sharp;

namespace GitReload.Adapters.Git.Ssh;

/// <summary>
/// libgit2's transport for <c>ssh://</c>, <c>git+ssh://</c>, <c>ssh+git://</c> and scp-like URLs,
/// replaced for the whole process: ssh runs as git runs it (<see cref="SshCommand"/>), as a child
/// .NET reaps (<see cref="SshConnection"/>). libgit2's own runs <c>ssh -p 22</c> even when the URL
/// names no port, overriding the user's ssh config, and leaves each ssh a zombie.
/// </summary>
/// <remarks>
/// Relies on libgit2 asking for the same stream again for the pack after the ref listing (a
/// stateful, non-RPC transport). Pinned by <c>LibGit2CheckoutsSshTests</c> over a real sshd.
/// </remarks>
internal sealed class SshTransport : SmartSubtransport
{
    private static readonly Lazy<bool> Registration = new(Register);
    private SshConnection? connection;

    /// <summary>Registers this transport with libgit2 once for the process; another registered before it stays.</summary>
    public static void EnsureRegistered() => _ = Registration.Value;

    protected override SmartSubtransportStream Action(string url, GitSmartSubtransportAction action)
    {
        switch (action)
        {
            case GitSmartSubtransportAction.UploadPackList:
            case GitSmartSubtransportAction.ReceivePackList:
                connection?.End();
                connection = SshConnection.Start(this, url, action == GitSmartSubtransportAction.UploadPackList ? "git-upload-pack" : "git-receive-pack");
                return connection;
            default:
                // One connection carries the whole exchange: libgit2 asks for the same stream again.
                return connection ?? throw new LibGit2SharpException("ssh: no connection to go on with");
        }
    }

    protected override void Close()
    {
        connection?.End();
        connection = null;
    }

    private static bool Register()
    {
        foreach (var scheme in new[] { "ssh", "ssh+git", "git+ssh" })
        {
            try
            {
                GlobalSettings.RegisterSmartSubtransport<SshTransport>(scheme);
            }
            catch (NameConflictException)
            {
                // The embedding application registered its own: it stays in charge of that scheme.
            }
        }
        return true;
    }
}
