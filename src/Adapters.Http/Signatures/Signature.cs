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
        var claim = SignatureClaim.Of(forge, headers);
        foreach (var secret in secrets)
        {
            if (claim.IsMadeWith(Encoding.UTF8.GetBytes(secret), body))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a token sent as it is (GitLab's, an operator's bearer token) is the secret. Hashing
    /// both sides first keeps the comparison constant-time whatever the token's length.
    /// </summary>
    public static bool SameSecret(ReadOnlySpan<byte> sent, ReadOnlySpan<byte> secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(sent), SHA256.HashData(secret));
}
