using System.Security.Cryptography;
using System.Text;
using LanguageExt;

namespace GitReload.Adapters.Http.Signatures;

/// <summary>
/// The HMAC of a body computed while it arrives, with each of a few secrets, so that a delivery
/// signed with none of them is refused before its body is parsed, and a big body is not walked
/// twice. With more than <see cref="MaxSecrets"/> secrets configured, nothing is computed on the
/// way and <see cref="IsSignedWithAny"/> hashes the body afterwards.
/// </summary>
public sealed class StreamedSignature : IDisposable
{
    /// <summary>The most secrets hashed on the way: each costs one more pass of HMAC over every byte.</summary>
    public const int MaxSecrets = 8;

    private readonly SignatureClaim claim;
    private readonly (string Secret, IncrementalHash Hash)[] hashes;
    private readonly Dictionary<string, byte[]> macs = new(StringComparer.Ordinal);

    /// <summary>Starts hashing for <paramref name="claim"/> with every one of <paramref name="secrets"/>, when they are few enough.</summary>
    public StreamedSignature(SignatureClaim claim, Seq<string> secrets)
    {
        this.claim = claim;
        Covers = secrets.Count <= MaxSecrets;
        hashes = claim is SignatureClaim.Mac mac && Covers
            ? secrets.Map(s => (s, IncrementalHash.CreateHMAC(mac.Algorithm, Encoding.UTF8.GetBytes(s)))).ToArray()
            : [];
    }

    /// <summary>True when every configured secret is hashed on the way (or needs no hashing), so a verdict needs no second pass.</summary>
    public bool Covers { get; }

    /// <summary>Adds the next bytes of the body.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        foreach (var (_, hash) in hashes)
            hash.AppendData(data);
    }

    /// <summary>Ends the body; call once, after the last <see cref="Append"/>.</summary>
    public void Complete()
    {
        foreach (var (secret, hash) in hashes)
            macs[secret] = hash.GetHashAndReset();
    }

    /// <summary>True when the delivery was signed with one of <paramref name="secrets"/>; <paramref name="body"/> is asked for, and hashed, only for a secret not hashed on the way.</summary>
    public bool IsSignedWithAny(Seq<string> secrets, Func<ReadOnlyMemory<byte>> body)
    {
        foreach (var secret in secrets)
        {
            var signed = macs.TryGetValue(secret, out var mac) ? claim.Claims(mac) : claim.IsMadeWith(Encoding.UTF8.GetBytes(secret), body().Span);
            if (signed)
                return true;
        }
        return false;
    }

    /// <summary>True when, before any of the body is read, the headers already show that no secret of <paramref name="secrets"/> signed it: no signature header, or GitLab's token that is none of them.</summary>
    public static bool NoneCanMatch(SignatureClaim claim, Seq<string> secrets) => claim.Match(
        unsigned: _ => true,
        token: _ => !secrets.Exists(s => claim.IsMadeWith(Encoding.UTF8.GetBytes(s), default)),
        mac: _ => false);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, hash) in hashes)
            hash.Dispose();
    }
}
