using System.Security.Cryptography;
using System.Text;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Signatures;

/// <summary>
/// What a delivery's headers say it is signed with, read before its body: GitLab's token (the
/// secret itself), or the HMAC of the raw body the forge sent (GitHub, Gitea, Forgejo, Bitbucket).
/// </summary>
public abstract record SignatureClaim
{
    private SignatureClaim() { }

    /// <summary>No signature header this forge uses.</summary>
    public sealed record Unsigned : SignatureClaim;

    /// <summary>The secret itself, as GitLab sends it.</summary>
    public sealed record Token(string Value) : SignatureClaim;

    /// <summary>An HMAC of the raw body with <paramref name="Algorithm"/>: any of <paramref name="Macs"/> (Forgejo sends two headers).</summary>
    public sealed record Mac(HashAlgorithmName Algorithm, Seq<byte[]> Macs) : SignatureClaim;

    /// <summary>Handles every case.</summary>
    public T Match<T>(Func<Unsigned, T> unsigned, Func<Token, T> token, Func<Mac, T> mac) => this switch
    {
        Unsigned u => unsigned(u),
        Token t => token(t),
        Mac m => mac(m),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>The claim <paramref name="forge"/>'s headers make.</summary>
    public static SignatureClaim Of(Forge forge, IHeaderDictionary headers) => forge switch
    {
        Forge.GitLab => headers["X-Gitlab-Token"].ToString() is { Length: > 0 } token ? new Token(token) : new Unsigned(),
        Forge.Gitea => Sha256(Hex(headers["X-Gitea-Signature"].ToString(), 32)),
        Forge.Forgejo => Sha256(Hex(headers["X-Forgejo-Signature"].ToString(), 32) + Hex(headers["X-Gitea-Signature"].ToString(), 32)),
        // GitHub; Bitbucket Cloud signs the same way in X-Hub-Signature; an unknown sender is held to GitHub's rules.
        _ when headers.ContainsKey("X-Hub-Signature-256") => Sha256(Prefixed(headers["X-Hub-Signature-256"].ToString(), "sha256=", 32)),
        _ when Prefixed(headers["X-Hub-Signature"].ToString(), "sha256=", 32) is { IsEmpty: false } sha256 => Sha256(sha256),
        Forge.Bitbucket => new Unsigned(),
        _ => Prefixed(headers["X-Hub-Signature"].ToString(), "sha1=", 20) is { IsEmpty: false } sha1 ? new Mac(HashAlgorithmName.SHA1, sha1) : new Unsigned(),
    };

    /// <summary>True when the delivery was signed with <paramref name="secret"/>: it is the token, or the HMAC of <paramref name="body"/> with it is claimed. Constant time.</summary>
    public bool IsMadeWith(byte[] secret, ReadOnlySpan<byte> body) => this switch
    {
        Token t => Signature.SameSecret(Encoding.UTF8.GetBytes(t.Value), secret),
        Mac m => Claims(Hmac(m.Algorithm, secret, body)),
        _ => false,
    };

    /// <summary>True when <paramref name="mac"/>, the HMAC of the body computed as it arrived, is one of the claimed ones. Constant time.</summary>
    public bool Claims(byte[] mac) => this is Mac m && m.Macs.Exists(claimed => CryptographicOperations.FixedTimeEquals(claimed, mac));

    private static byte[] Hmac(HashAlgorithmName algorithm, byte[] secret, ReadOnlySpan<byte> body) =>
        algorithm == HashAlgorithmName.SHA1 ? HMACSHA1.HashData(secret, body) : HMACSHA256.HashData(secret, body);

    private static SignatureClaim Sha256(Seq<byte[]> macs) => macs.IsEmpty ? new Unsigned() : new Mac(HashAlgorithmName.SHA256, macs);

    private static Seq<byte[]> Prefixed(string header, string prefix, int length) =>
        header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? Hex(header[prefix.Length..], length) : Seq<byte[]>.Empty;

    // A header that is not hex of the algorithm's length can match nothing: it is no claim at all.
    private static Seq<byte[]> Hex(string header, int length)
    {
        if (header.Length != length * 2)
            return Seq<byte[]>.Empty;
        try
        {
            return Seq1(Convert.FromHexString(header));
        }
        catch (FormatException)
        {
            return Seq<byte[]>.Empty;
        }
    }

    private static Seq<byte[]> Seq1(byte[] mac) => Seq<byte[]>.Empty.Add(mac);
}
