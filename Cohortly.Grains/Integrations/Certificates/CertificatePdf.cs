using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Certificates;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Signatures;
using QRCoder;

namespace Cohortly.Integrations.Certificates;

/// <summary>
/// The one-page landscape certificate: a framed page in the bootcamp's accent colour, the name large, the bootcamp,
/// dates, skills, grade when shown, signer, id and issue date, and a QR code of the verification link with the signed
/// token. The signed credential rides inside as <see cref="CredentialFileName"/>, and the whole file carries a PDF
/// signature by <see cref="CertificateKeys.PdfCertificate"/>. Everything drawn comes from the stored record, so
/// making it again shows the same content.
/// </summary>
public sealed class CertificatePdf(CertificateKeys keys, CertificateProofs proofs)
{
    public const string CredentialFileName = "credential.json";

    public async Task<byte[]> RenderAsync(CertificateRecord record, string publicUrl)
    {
        CertificateFonts.EnsureInstalled();
        var claims = CertificateProofs.ClaimsOf(record);
        var verifyLink = $"{publicUrl}/verify/{record.CertificateId}?t={proofs.Token(record)}";

        using var document = new PdfDocument();
        document.Info.Title = $"{record.BootcampTitle} certificate: {record.StudentName}";
        document.Info.Author = keys.IssuerName;
        document.Info.Subject = $"Certificate {record.CertificateId}";
        document.Info.CreationDate = record.IssuedAt.UtcDateTime;
        document.Info.ModificationDate = record.IssuedAt.UtcDateTime;

        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Landscape;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            Draw(gfx, page.Width.Point, page.Height.Point, record, claims, Qr(verifyLink));
        }

        var credential = proofs.Credential(record, publicUrl).ToJsonString();
        document.AddEmbeddedFile(CredentialFileName, new MemoryStream(Encoding.UTF8.GetBytes(credential)));

        var signer = new PdfSharpDefaultSigner(keys.PdfCertificate, PdfMessageDigestType.SHA256, null);
        DigitalSignatureHandler.ForDocument(document, signer, new DigitalSignatureOptions
        {
            Reason = $"Certificate {record.CertificateId} issued by {keys.IssuerName}",
            Location = publicUrl,
            ContactInfo = publicUrl,
            AppName = keys.IssuerName,
            PageIndex = 0,
        });
        using var output = new MemoryStream();
        await document.SaveAsync(output, closeStream: false);
        return output.ToArray();
    }

    private static byte[] Qr(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        // The colour overload writes an 8-bit PNG; PDFsharp refuses the 1-bit one the plain overload makes.
        return new PngByteQRCode(data).GetGraphic(6, [20, 20, 20, 255], [255, 255, 255, 255], true);
    }

    private static void Draw(XGraphics gfx, double width, double height, CertificateRecord record, CertificateClaims claims, byte[] qrPng)
    {
        var accent = Colour(record.AccentColor);
        var ink = XColor.FromArgb(33, 37, 41);
        var muted = XColor.FromArgb(95, 99, 104);
        var accentBrush = new XSolidBrush(accent);
        var inkBrush = new XSolidBrush(ink);
        var mutedBrush = new XSolidBrush(muted);

        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(252, 251, 247)), 0, 0, width, height);
        gfx.DrawRectangle(new XPen(accent, 10), 18, 18, width - 36, height - 36);
        gfx.DrawRectangle(new XPen(accent, 1), 32, 32, width - 64, height - 64);
        gfx.DrawRectangle(accentBrush, 32, 32, width - 64, 8);

        var small = new XFont(CertificateFonts.Family, 10);
        var label = new XFont(CertificateFonts.Family, 12);
        var content = new XRect(60, 0, width - 120, height);

        Centered(gfx, "CERTIFICATE OF COMPLETION", new XFont(CertificateFonts.Family, 16, XFontStyleEx.Bold), accentBrush, content, 78);
        Centered(gfx, "This certifies that", label, mutedBrush, content, 130);
        var nameFont = Fitting(gfx, record.StudentName, 40, content.Width);
        Centered(gfx, record.StudentName, nameFont, inkBrush, content, 155);
        gfx.DrawLine(new XPen(accent, 1.2), width / 2 - 180, 215, width / 2 + 180, 215);
        Centered(gfx, "has completed the bootcamp", label, mutedBrush, content, 230);
        Centered(gfx, record.BootcampTitle, Fitting(gfx, record.BootcampTitle, 24, content.Width, XFontStyleEx.Bold), inkBrush, content, 252);
        Centered(gfx, $"{Long(record.StartsAt)} – {Long(record.EndsAt)}", label, mutedBrush, content, 290);
        var y = 314.0;
        if (record.Skills.Length > 0)
        {
            var skills = "Skills: " + string.Join(" · ", record.Skills);
            Centered(gfx, skills, Fitting(gfx, skills, 12, content.Width - 140), inkBrush, content, y);
            y += 22;
        }
        if (claims.Grade is not null)
        {
            Centered(gfx, $"Final grade: {claims.Grade}", new XFont(CertificateFonts.Family, 12, XFontStyleEx.Bold), inkBrush, content, y);
        }

        // Signer, bottom left.
        var bottom = height - 70;
        gfx.DrawLine(new XPen(ink, 0.8), 80, bottom - 38, 300, bottom - 38);
        gfx.DrawString(record.SignerName, new XFont(CertificateFonts.Family, 13, XFontStyleEx.Bold), inkBrush, new XRect(80, bottom - 32, 260, 18), XStringFormats.TopLeft);
        gfx.DrawString(record.SignerTitle, small, mutedBrush, new XRect(80, bottom - 14, 260, 14), XStringFormats.TopLeft);

        // Issue date and id, bottom centre.
        var middle = new XRect(width / 2 - 160, bottom - 34, 320, 14);
        gfx.DrawString($"Issued {Long(record.IssuedAt)}", small, inkBrush, middle, XStringFormats.TopCenter);
        middle.Offset(0, 16);
        gfx.DrawString($"Certificate ID {record.CertificateId}", new XFont(CertificateFonts.Family, 8), mutedBrush, middle, XStringFormats.TopCenter);

        // QR code, bottom right.
        const double qrSize = 112;
        using var qr = XImage.FromStream(new MemoryStream(qrPng));
        var qrLeft = width - 80 - qrSize;
        gfx.DrawImage(qr, qrLeft, bottom - qrSize + 6, qrSize, qrSize);
        gfx.DrawString("Scan to verify", new XFont(CertificateFonts.Family, 8), mutedBrush, new XRect(qrLeft, bottom + 8, qrSize, 10), XStringFormats.TopCenter);
    }

    private static void Centered(XGraphics gfx, string text, XFont font, XBrush brush, XRect content, double top) =>
        gfx.DrawString(text, font, brush, new XRect(content.X, top, content.Width, font.Size * 1.4), XStringFormats.TopCenter);

    /// <summary>The largest size up to <paramref name="size"/> at which the text fits the width: long names shrink instead of running off the page.</summary>
    private static XFont Fitting(XGraphics gfx, string text, double size, double width, XFontStyleEx style = XFontStyleEx.Bold)
    {
        var font = new XFont(CertificateFonts.Family, size, style);
        while (size > 10 && gfx.MeasureString(text, font).Width > width)
        {
            size -= 1;
            font = new XFont(CertificateFonts.Family, size, style);
        }
        return font;
    }

    private static string Long(DateTimeOffset time) => time.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static XColor Colour(string hex) => XColor.FromArgb(
        int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
