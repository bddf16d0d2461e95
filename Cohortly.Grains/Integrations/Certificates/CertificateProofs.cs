using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cohortly.Certificates;

namespace Cohortly.Integrations.Certificates;

/// <summary>What a valid QR token says: every field printed on the certificate.</summary>
public sealed record CertificateClaims(
    string CertificateId, string StudentName, string BootcampTitle, string StartsOn, string EndsOn,
    IReadOnlyList<string> Skills, string? Grade, string SignerName, string SignerTitle, string IssuedOn);

/// <summary>
/// Two of a certificate's three proofs, both Ed25519 with <see cref="CertificateKeys"/>:
/// the compact QR token, <c>base64url(JCS(claims)) "." base64url(signature over the first part's ASCII)</c>, checkable
/// offline with the published JWK; and the Open Badges 3.0 <c>OpenBadgeCredential</c> (W3C VC 2.0) with a Data
/// Integrity proof of the <c>eddsa-jcs-2022</c> cryptosuite.
/// </summary>
public sealed class CertificateProofs(CertificateKeys keys)
{
    public const string Cryptosuite = "eddsa-jcs-2022";

    public static string DateOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? GradeOf(CertificateRecord record) =>
        record.GradePercent is { } grade ? grade.ToString("0.#", CultureInfo.InvariantCulture) + "%" : null;

    public static CertificateClaims ClaimsOf(CertificateRecord record) => new(
        record.CertificateId, record.StudentName, record.BootcampTitle, DateOf(record.StartsAt), DateOf(record.EndsAt),
        [.. record.Skills], GradeOf(record), record.SignerName, record.SignerTitle, DateOf(record.IssuedAt));

    public string Token(CertificateRecord record)
    {
        var claims = ClaimsOf(record);
        var payload = new JsonObject
        {
            ["v"] = 1,
            ["kid"] = keys.KeyId,
            ["id"] = claims.CertificateId,
            ["name"] = claims.StudentName,
            ["bootcamp"] = claims.BootcampTitle,
            ["from"] = claims.StartsOn,
            ["to"] = claims.EndsOn,
            ["skills"] = new JsonArray([.. claims.Skills.Select(s => (JsonNode)s)]),
            ["signer"] = claims.SignerName,
            ["signerTitle"] = claims.SignerTitle,
            ["issued"] = claims.IssuedOn,
        };
        if (claims.Grade is not null)
        {
            payload["grade"] = claims.Grade;
        }
        var signed = CertificateKeys.Base64Url(Jcs.Canonicalize(payload));
        return signed + "." + CertificateKeys.Base64Url(keys.Sign(Encoding.ASCII.GetBytes(signed)));
    }

    /// <summary>Two non-empty base64url parts joined by a dot, within the size a QR code can hold.</summary>
    public static bool IsTokenShaped(string? token) =>
        !string.IsNullOrEmpty(token) && token.Length <= 4096 && token.Split('.') is [{ Length: > 0 } signed, { Length: > 0 } signature]
        && signed.All(IsBase64UrlChar) && signature.All(IsBase64UrlChar);

    private static bool IsBase64UrlChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>The claims of a token this issuer signed; null for anything else (malformed, forged, edited).</summary>
    public CertificateClaims? VerifyToken(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096 || token.Split('.') is not [var signed, var signature])
        {
            return null;
        }
        try
        {
            if (!keys.Verify(Encoding.ASCII.GetBytes(signed), System.Buffers.Text.Base64Url.DecodeFromChars(signature)))
            {
                return null;
            }
            var payload = JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(signed))!.AsObject();
            return new CertificateClaims(
                Text(payload, "id"), Text(payload, "name"), Text(payload, "bootcamp"), Text(payload, "from"), Text(payload, "to"),
                [.. payload["skills"]!.AsArray().Select(s => s!.GetValue<string>())],
                payload["grade"]?.GetValue<string>(), Text(payload, "signer"), Text(payload, "signerTitle"), Text(payload, "issued"));
        }
        catch (Exception failure) when (failure is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    /// <summary>The signed credential; <paramref name="publicUrl"/> is where the verification page and the bootcamp live.</summary>
    public JsonObject Credential(CertificateRecord record, string publicUrl)
    {
        var claims = ClaimsOf(record);
        var subject = new JsonObject
        {
            ["type"] = new JsonArray("AchievementSubject"),
            ["name"] = record.StudentName,
            ["achievement"] = new JsonObject
            {
                ["id"] = $"{publicUrl}/bootcamps/{Uri.EscapeDataString(record.BootcampId)}",
                ["type"] = new JsonArray("Achievement"),
                ["achievementType"] = "Certificate",
                ["name"] = record.BootcampTitle,
                ["description"] = $"Completed the {record.BootcampTitle} bootcamp, {claims.StartsOn} to {claims.EndsOn}.",
                ["criteria"] = new JsonObject { ["narrative"] = "Completed the bootcamp's graded work to its pass mark, as its instructors certify." },
                ["tag"] = new JsonArray([.. record.Skills.Select(s => (JsonNode)s)]),
            },
        };
        if (claims.Grade is not null)
        {
            subject["result"] = new JsonArray(new JsonObject { ["type"] = new JsonArray("Result"), ["value"] = claims.Grade });
        }
        var credential = new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
            ["id"] = $"{publicUrl}/verify/{record.CertificateId}",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["issuer"] = new JsonObject
            {
                ["id"] = keys.IssuerDid,
                ["type"] = new JsonArray("Profile"),
                ["name"] = keys.IssuerName,
                ["url"] = publicUrl,
            },
            ["validFrom"] = Timestamp(record.IssuedAt),
            ["name"] = $"{record.BootcampTitle} certificate",
            ["credentialSubject"] = subject,
        };
        if (record.StatusEntry is { } entry)
        {
            var list = StatusListUrl(publicUrl, entry.ListNumber);
            credential["credentialStatus"] = new JsonObject
            {
                ["id"] = $"{list}#{entry.Index}",
                ["type"] = "BitstringStatusListEntry",
                ["statusPurpose"] = "revocation",
                ["statusListIndex"] = entry.Index.ToString(CultureInfo.InvariantCulture),
                ["statusListCredential"] = list,
            };
        }
        return Secured(credential);
    }

    /// <summary>Where status list <paramref name="listNumber"/> is published.</summary>
    public static string StatusListUrl(string publicUrl, int listNumber) =>
        $"{publicUrl}/api/certificates/status/{listNumber.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The W3C <c>BitstringStatusListCredential</c> of one revocation list, signed like the certificates' credentials.</summary>
    public JsonObject StatusListCredential(int listNumber, StatusListSnapshot list, string publicUrl)
    {
        var url = StatusListUrl(publicUrl, listNumber);
        return Secured(new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2"),
            ["id"] = url,
            ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
            ["issuer"] = keys.IssuerDid,
            ["validFrom"] = Timestamp(list.UpdatedAt),
            ["credentialSubject"] = new JsonObject
            {
                ["id"] = url + "#list",
                ["type"] = "BitstringStatusList",
                ["statusPurpose"] = "revocation",
                ["encodedList"] = list.EncodedList,
            },
        });
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Adds the eddsa-jcs-2022 proof, created at the credential's <c>validFrom</c>.</summary>
    private JsonObject Secured(JsonObject credential)
    {
        var proof = new JsonObject
        {
            ["type"] = "DataIntegrityProof",
            ["cryptosuite"] = Cryptosuite,
            ["created"] = credential["validFrom"]!.DeepClone(),
            ["verificationMethod"] = keys.VerificationMethod,
            ["proofPurpose"] = "assertionMethod",
        };
        proof["proofValue"] = "z" + Base58.Encode(keys.Sign(HashData(credential, proof)));
        credential["proof"] = proof;
        return credential;
    }

    /// <summary>
    /// Whether <paramref name="credential"/> carries a valid eddsa-jcs-2022 proof by this issuer's key: the
    /// cryptosuite's verification (W3C vc-di-eddsa, section 3.3) with the proof options' <c>@context</c> taken from the document.
    /// </summary>
    public bool VerifyCredential(JsonObject credential)
    {
        try
        {
            if (credential["proof"] is not JsonObject proof
                || proof["type"]?.GetValue<string>() != "DataIntegrityProof"
                || proof["cryptosuite"]?.GetValue<string>() != Cryptosuite
                || proof["verificationMethod"]?.GetValue<string>() != keys.VerificationMethod
                || proof["proofValue"]?.GetValue<string>() is not { Length: > 1 } proofValue
                || proofValue[0] != 'z'
                || Base58.Decode(proofValue[1..]) is not { } signature)
            {
                return false;
            }
            var unsecured = credential.DeepClone().AsObject();
            unsecured.Remove("proof");
            var options = proof.DeepClone().AsObject();
            options.Remove("proofValue");
            return keys.Verify(HashData(unsecured, options), signature);
        }
        catch (Exception failure) when (failure is InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    /// <summary>SHA-256(JCS(proof options with the document's @context)) followed by SHA-256(JCS(document)).</summary>
    private static byte[] HashData(JsonObject unsecured, JsonObject proofOptions)
    {
        var config = proofOptions.DeepClone().AsObject();
        if (unsecured["@context"] is { } context)
        {
            config["@context"] = context.DeepClone();
        }
        return [.. SHA256.HashData(Jcs.Canonicalize(config)), .. SHA256.HashData(Jcs.Canonicalize(unsecured))];
    }

    private static string Text(JsonObject payload, string name) => payload[name]!.GetValue<string>();
}
