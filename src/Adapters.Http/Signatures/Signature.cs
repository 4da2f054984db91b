using System.Security.Cryptography;
using System.Text;
using GitReload.Domain.Hooks;
using LanguageExt;
using Microsoft.AspNetCore.Http;

namespace GitReload.Adapters.Http.Signatures;

/// <summary>Checks a delivery's signature the way its forge makes it, over the raw body, in constant time.</summary>
public static class Signature
{
    /// <summary>True when the delivery is signed with one of <paramref name="secrets"/>.</summary>
    public static bool IsValid(Forge forge, IHeaderDictionary headers, ReadOnlySpan<byte> body, Seq<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (IsValid(forge, headers, body, Encoding.UTF8.GetBytes(secret)))
                return true;
        }
        return false;
    }

    private static bool IsValid(Forge forge, IHeaderDictionary headers, ReadOnlySpan<byte> body, byte[] secret) => forge switch
    {
        Forge.GitLab => headers["X-Gitlab-Token"].ToString() is { Length: > 0 } token && SameSecret(Encoding.UTF8.GetBytes(token), secret),
        Forge.Gitea => Hex(headers["X-Gitea-Signature"].ToString(), HMACSHA256.HashData(secret, body)),
        Forge.Forgejo => HMACSHA256.HashData(secret, body) is var mac
            && (Hex(headers["X-Forgejo-Signature"].ToString(), mac) || Hex(headers["X-Gitea-Signature"].ToString(), mac)),
        // GitHub; Bitbucket Cloud signs the same way in X-Hub-Signature; an unknown sender is held to GitHub's rules.
        _ => headers.ContainsKey("X-Hub-Signature-256")
            ? Prefixed(headers["X-Hub-Signature-256"].ToString(), "sha256=", HMACSHA256.HashData(secret, body))
            : Prefixed(headers["X-Hub-Signature"].ToString(), "sha256=", HMACSHA256.HashData(secret, body))
              || (forge != Forge.Bitbucket && Prefixed(headers["X-Hub-Signature"].ToString(), "sha1=", HMACSHA1.HashData(secret, body))),
    };

    private static bool Prefixed(string header, string prefix, byte[] expected) =>
        header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && Hex(header[prefix.Length..], expected);

    private static bool Hex(string header, byte[] expected)
    {
        if (header.Length != expected.Length * 2)
            return false;
        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromHexString(header), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a token sent as it is (GitLab's, an operator's bearer token) is the secret. Hashing
    /// both sides first keeps the comparison constant-time whatever the token's length.
    /// </summary>
    public static bool SameSecret(ReadOnlySpan<byte> sent, ReadOnlySpan<byte> secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(sent), SHA256.HashData(secret));
}
