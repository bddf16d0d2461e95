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

    /// <summary>Logos are small pictures; a larger upload is refused when staff choose it.</summary>
    public const int MaxLogoBytes = 2 * 1024 * 1024;

    /// <summary>Whether <paramref name="image"/> is a PNG or JPEG that PDFsharp can draw (it refuses some PNGs, such as 1-bit greyscale).</summary>
    public static bool CanDrawLogo(byte[] image)
    {
        var png = image.AsSpan().StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var jpeg = image.AsSpan().StartsWith((byte[])[0xFF, 0xD8, 0xFF]);
        if (!(png || jpeg) || image.Length > MaxLogoBytes)
        {
            return false;
        }
        try
        {
            using var drawn = XImage.FromStream(new MemoryStream(image));
            return drawn.PixelWidth > 0 && drawn.PixelHeight > 0;
        }
        catch (Exception refused) when (refused is InvalidOperationException or NotImplementedException or ArgumentException or IOException)
        {
            return false;
        }
    }

    public async Task<byte[]> RenderAsync(CertificateRecord record, string publicUrl, byte[]? logo = null)
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
            if (logo is not null)
            {
                DrawLogo(gfx, logo);
            }
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

        var content = new XRect(60, 0, width - 120, height);

        new CertificateText("CERTIFICATE OF COMPLETION", 16, XFontStyleEx.Bold).DrawCentered(gfx, accentBrush, content, 78);
        new CertificateText("This certifies that", 12).DrawCentered(gfx, mutedBrush, content, 130);
        Fitting(gfx, record.StudentName, 40, content.Width).DrawCentered(gfx, inkBrush, content, 155);
        gfx.DrawLine(new XPen(accent, 1.2), width / 2 - 180, 215, width / 2 + 180, 215);
        new CertificateText("has completed the bootcamp", 12).DrawCentered(gfx, mutedBrush, content, 230);
        Fitting(gfx, record.BootcampTitle, 24, content.Width).DrawCentered(gfx, inkBrush, content, 252);
        new CertificateText($"{Long(record.StartsAt)} – {Long(record.EndsAt)}", 12).DrawCentered(gfx, mutedBrush, content, 290);
        var y = 314.0;
        if (record.Skills.Length > 0)
        {
            Fitting(gfx, "Skills: " + string.Join(" · ", record.Skills), 12, content.Width - 140).DrawCentered(gfx, inkBrush, content, y);
            y += 22;
        }
        if (claims.Grade is not null)
        {
            new CertificateText($"Final grade: {claims.Grade}", 12, XFontStyleEx.Bold).DrawCentered(gfx, inkBrush, content, y);
        }

        // Signer, bottom left.
        var bottom = height - 70;
        gfx.DrawLine(new XPen(ink, 0.8), 80, bottom - 38, 300, bottom - 38);
        Fitting(gfx, record.SignerName, 13, 260).Draw(gfx, inkBrush, 80, bottom - 32);
        Fitting(gfx, record.SignerTitle, 10, 260, XFontStyleEx.Regular).Draw(gfx, mutedBrush, 80, bottom - 14);

        // Issue date and id, bottom centre.
        var middle = new XRect(width / 2 - 160, bottom - 34, 320, 14);
        new CertificateText($"Issued {Long(record.IssuedAt)}", 10).DrawCentered(gfx, inkBrush, middle, middle.Y);
        new CertificateText($"Certificate ID {record.CertificateId}", 8).DrawCentered(gfx, mutedBrush, middle, middle.Y + 16);

        // QR code, bottom right.
        const double qrSize = 112;
        using var qr = XImage.FromStream(new MemoryStream(qrPng));
        var qrLeft = width - 80 - qrSize;
        gfx.DrawImage(qr, qrLeft, bottom - qrSize + 6, qrSize, qrSize);
        new CertificateText("Scan to verify", 8).DrawCentered(gfx, mutedBrush, new XRect(qrLeft, 0, qrSize, 10), bottom + 8);
    }

    /// <summary>Top left inside the frame, scaled to fit 120 × 56 pt keeping its proportions.</summary>
    private static void DrawLogo(XGraphics gfx, byte[] logo)
    {
        const double maxWidth = 120, maxHeight = 56;
        using var image = XImage.FromStream(new MemoryStream(logo));
        var scale = Math.Min(maxWidth / image.PointWidth, maxHeight / image.PointHeight);
        gfx.DrawImage(image, 52, 50, image.PointWidth * scale, image.PointHeight * scale);
    }

    /// <summary>The largest size up to <paramref name="size"/> at which the text fits the width: long names shrink instead of running off the page.</summary>
    private static CertificateText Fitting(XGraphics gfx, string text, double size, double width, XFontStyleEx style = XFontStyleEx.Bold)
    {
        var fitted = new CertificateText(text, size, style);
        while (size > 8 && fitted.Width(gfx) > width)
        {
            size -= 1;
            fitted = new CertificateText(text, size, style);
        }
        return fitted;
    }

    private static string Long(DateTimeOffset time) => time.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static XColor Colour(string hex) => XColor.FromArgb(
        int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
