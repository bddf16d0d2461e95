using System.Formats.Asn1;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cohortly.Integrations.Certificates;

/// <summary>What an uploaded PDF proves: its signature is ours and covers the whole file; its embedded credential is ours and intact.</summary>
public sealed record PdfCheck(bool SignatureValid, bool CredentialValid, string? CertificateId);

/// <summary>Checks a PDF that claims to be a Cohortly certificate, without trusting anything in it.</summary>
public sealed class PdfCertificateReader(CertificateKeys keys, CertificateProofs proofs)
{
    public PdfCheck Check(byte[] pdf)
    {
        var credential = EmbeddedCredential(pdf);
        var credentialValid = credential is not null && proofs.VerifyCredential(credential);
        string? certificateId = null;
        if (credentialValid && credential!["id"]?.GetValue<string>() is { } id)
        {
            certificateId = id[(id.LastIndexOf('/') + 1)..];
        }
        return new PdfCheck(SignatureValid(pdf), credentialValid, certificateId);
    }

    /// <summary>
    /// The last signature's byte range must span the whole file (nothing appended after signing), and its CMS signature
    /// must check over those bytes with our PDF certificate: a re-signed edit made with another key fails.
    /// </summary>
    public bool SignatureValid(byte[] pdf)
    {
        try
        {
            var text = Encoding.Latin1.GetString(pdf);
            var at = text.LastIndexOf("/ByteRange", StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }
            var open = text.IndexOf('[', at);
            var close = text.IndexOf(']', open);
            var range = text[(open + 1)..close].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            if (range is not [0, var firstLength, var secondStart, var secondLength] || secondStart + secondLength != pdf.Length || firstLength >= secondStart)
            {
                return false;
            }
            var hex = text[(int)firstLength..(int)secondStart].Trim('<', '>', ' ');
            var contents = Convert.FromHexString(hex);
            AsnDecoder.ReadEncodedValue(contents, AsnEncodingRules.BER, out _, out _, out var used);
            var signedBytes = pdf.AsSpan(0, (int)firstLength).ToArray().Concat(pdf.AsSpan((int)secondStart, (int)secondLength).ToArray()).ToArray();
            var cms = new SignedCms(new ContentInfo(signedBytes), detached: true);
            cms.Decode(contents.AsSpan(0, used));
            cms.CheckSignature(verifySignatureOnly: true);
            return cms.SignerInfos.Count == 1
                && cms.SignerInfos[0].Certificate?.RawData.AsSpan().SequenceEqual(keys.PdfCertificate.RawData) == true;
        }
        catch (Exception failure) when (failure is CryptographicException or FormatException or ArgumentException or AsnContentException or OverflowException)
        {
            return false;
        }
    }

    private static JsonObject? EmbeddedCredential(byte[] pdf)
    {
        try
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            if (!document.Advanced.TryGetEmbeddedFiles(out var files))
            {
                return null;
            }
            var file = files.FirstOrDefault(f => f.Name == CertificatePdf.CredentialFileName || f.FileSpecification == CertificatePdf.CredentialFileName);
            return file is null ? null : JsonNode.Parse(file.Bytes.ToArray()) as JsonObject;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A file that is not a readable PDF, or whose attachment is not JSON, proves nothing.
            return null;
        }
    }
}
