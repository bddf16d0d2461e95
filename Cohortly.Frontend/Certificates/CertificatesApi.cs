using System.Globalization;
using System.Text.Json.Nodes;
using Cohortly.Certificates;
using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Cohortly.Integrations.Certificates;
using Cohortly.Integrations.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Cohortly.Frontend.Certificates;

public static class CertificatesApi
{
    /// <summary>Certificates are one page; anything much larger is not one of ours.</summary>
    private const long MaxPdfBytes = 5 * 1024 * 1024;
    private const int MaxReasonLength = 500;

    public static IEndpointRouteBuilder MapCertificatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/cohortly/keys.json", GetKeys).WithTags("Certificates").AllowAnonymous().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("GetCertificateKeys").WithSummary("The public keys (JWK set) that sign certificate tokens and credentials.")
            .WithDescription("Public. Ed25519 keys (`kty` OKP) with their `kid`; enough to check a certificate's QR token offline.");


        app.MapGet("/api/certificates/status/{listNumber:int}", GetStatusListAsync).WithTags("Certificates").AllowAnonymous().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/vc+ld+json")
            .WithName("GetCertificateStatusList").WithSummary("Public: a W3C BitstringStatusListCredential of revocation bits, signed (eddsa-jcs-2022).")
            .WithDescription("Each certificate's credential names its list and index in `credentialStatus`; the bit is 1 once it is revoked. " +
                "131,072 bits per list, gzipped and multibase base64url-encoded in `encodedList`. 404 for a list that does not exist.");

        var bootcamps = app.MapGroup("/api/bootcamps/{bootcampId}").WithTags("Certificates").RequireAuthorization().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound);
        bootcamps.MapGet("/certificate-settings", GetSettingsAsync).WithName("GetCertificateSettings")
            .WithSummary("The bootcamp's certificate rule and template (staff of it, admin).")
            .WithDescription("The defaults (pass mark 70 %, all assignments graded, automatic issue off) until staff save their own.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        bootcamps.MapPut("/certificate-settings", SetSettingsAsync).WithName("SetCertificateSettings")
            .WithSummary("Set the certificate rule and template (staff of it, admin).")
            .WithDescription("passPercent 0–100 on the average of graded work; requireAllAssignments; signerName and signerTitle (≤ 80 characters); " +
                "accentColor `#rrggbb`; autoIssue issues certificates as soon as a student meets the rule; showGrade prints the average; " +
                "logoFileId (optional) an uploaded PNG or JPEG (≤ 2 MB, yours or uploaded to this bootcamp by its staff) printed top left.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        bootcamps.MapGet("/certificates", ListBootcampAsync).WithName("ListBootcampCertificates")
            .WithSummary("The bootcamp's students, paged in roster order, each with their certificates (staff of it, admin).")
            .WithDescription("`certificates` is empty until one is issued; after a name correction it holds the current certificate first, " +
                "then the ones it replaced (status `superseded`, `supersededBy` naming their replacement), newest first.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        bootcamps.MapPost("/certificates", IssueAsync).WithName("IssueCertificate")
            .WithSummary("Issue a student's certificate by hand (instructor of it, admin); repeating it answers the same certificate with 200.")
            .WithDescription("`studentId` must be a student enrolled in the bootcamp (else a field error). The student is emailed the PDF and notified once.")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        app.MapGet("/api/me/certificates", ListMineAsync).WithTags("Certificates").RequireAuthorization().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .WithName("ListMyCertificates").WithSummary("The caller's certificates.")
            .WithDescription("Newest first, each with its public verification link and a link that fills in LinkedIn's \"Add licence or certification\" form.");

        var certificates = app.MapGroup("/api/certificates/{certificateId}").WithTags("Certificates").RequireAuthorization().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound);
        certificates.MapGet("/", GetAsync).WithName("GetCertificate").WithSummary("A certificate (its owner, the bootcamp's staff, admins).")
            .WithDescription("Every printed field, its status, and its verification and LinkedIn links; 404 for an unknown id.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        certificates.MapGet("/pdf", GetPdfAsync).WithName("GetCertificatePdf").WithSummary("The signed PDF (its owner, the bootcamp's staff, admins).")
            .WithDescription("One landscape page with a QR code of the verification link and signed token, the credential attached, and a PDF signature.")
            .ProducesContent(StatusCodes.Status200OK, "application/pdf", "The certificate.")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        certificates.MapGet("/credential", GetCredentialAsync).WithName("GetCertificateCredential")
            .WithSummary("The signed Open Badges 3.0 credential (W3C VC 2.0, eddsa-jcs-2022 proof).")
            .WithDescription("The owner, the bootcamp's staff and admins. The issuer is a did:key of the Ed25519 key published in keys.json.")
            .Produces<JsonObject>(StatusCodes.Status200OK, "application/vc+ld+json")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        certificates.MapPost("/name-correction", CorrectNameAsync).WithName("CorrectCertificateName")
            .WithSummary("Re-issue a certificate with a corrected name (instructor of the bootcamp, admin); the old one verifies as superseded, linked to the new one.")
            .WithDescription("`studentName` (the name as it should be printed). 201 with the new certificate, emailed to the student like the first; " +
                "the same name again answers 200 with the current certificate. 409 for a revoked or already replaced certificate.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict);
        certificates.MapPost("/revoke", RevokeAsync).WithName("RevokeCertificate").WithSummary("Revoke a certificate with a reason (admin).")
            .WithDescription("`reason` (at most 500 characters) is shown on the public verification page from then on. Revoking twice changes nothing.")
            .ProducesProblems(StatusCodes.Status403Forbidden);

        var verify = app.MapGroup("/api/verify").WithTags("Certificates").AllowAnonymous().RequireFeature(CertificatesSetup.Flag)
            .ProducesProblems(StatusCodes.Status404NotFound)
            .RequireRateLimiting(CertificatesSetup.VerifyRatePolicy);
        verify.MapGet("/token", VerifyTokenAsync).WithName("VerifyCertificateToken")
            .WithSummary("Check a QR code's token: `invalid` when its signature does not match (forged or edited), else the certificate's status and fields.")
            .WithDescription("Public, rate-limited per client. A `t` that is not shaped like a token is a field error.");
        verify.MapPost("/pdf", VerifyPdfAsync).WithName("VerifyCertificatePdf").DisableAntiforgery()
            .WithSummary("Check a certificate PDF: its signature, its embedded credential, and the certificate's status.")
            .WithDescription("Multipart with one `file` part (at most 5 MB). `signatureValid`: the PDF signature is ours and covers the whole file; " +
                "`credentialValid`: the embedded credential's proof checks. A file with neither is `invalid`.")
            .AcceptsMultipartForm<VerifyPdfForm>("One part, `file`: the PDF.");
        verify.MapGet("/{certificateId}", VerifyAsync).WithName("VerifyCertificate")
            .WithSummary("Public: a certificate's status (valid, revoked, superseded, unknown) and every printed field.")
            .WithDescription("Public, rate-limited per client. An id that was never issued is `unknown`.");
        return app;
    }

    public static Ok<JsonWebKeySet> GetKeys(CertificateKeys keys)
    {
        var jwk = keys.Jwks()["keys"]![0]!;
        return TypedResults.Ok(new JsonWebKeySet([new JsonWebKey(
            Text(jwk, "kty"), Text(jwk, "crv"), Text(jwk, "x"), Text(jwk, "kid"), Text(jwk, "use"), Text(jwk, "alg"))]));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetStatusListAsync(
        int listNumber, IClusterClient cluster, CertificateProofs proofs, PublicUrl publicUrl, HttpContext http)
    {
        if (listNumber < 1 || listNumber > await cluster.GetGrain<ICertificateStatusAllocatorGrain>(0).ListCountAsync())
        {
            return Problems.NotFound("status list");
        }
        var list = await cluster.GetGrain<ICertificateStatusListGrain>(listNumber.ToString(CultureInfo.InvariantCulture)).GetAsync();
        // Short-lived caching: a revocation reaches verifiers within a minute, the verify routes show it at once.
        http.Response.Headers[HeaderNames.CacheControl] = "public, max-age=60";
        return TypedResults.Content(proofs.StatusListCredential(listNumber, list, publicUrl.Base).ToJsonString(), "application/vc+ld+json");
    }

    public static async Task<Ok<CertificateSettingsResponse>> GetSettingsAsync(string bootcampId, [AsParameters] CallerContext context) =>
        TypedResults.Ok(CertificateSettingsResponse.From(await context.Grain<ICertificateSettingsGrain>(bootcampId).GetAsync(context.Caller)));

    public static async Task<Results<Ok<CertificateSettingsResponse>, ValidationProblem>> SetSettingsAsync(
        string bootcampId, CertificateSettingsBody body, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        errors.Require("passPercent", body.PassPercent);
        errors.Require("requireAllAssignments", body.RequireAllAssignments);
        errors.Require("autoIssue", body.AutoIssue);
        errors.RequireText("signerName", body.SignerName, CertificateRules.MaxSignerLength);
        errors.RequireText("signerTitle", body.SignerTitle, CertificateRules.MaxSignerLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var settings = new CertificateSettings(body.PassPercent!.Value, body.RequireAllAssignments!.Value, body.MinAttendancePercent,
            body.SignerName!.Trim(), body.SignerTitle!.Trim(), body.AccentColor ?? CertificateSettings.Default.AccentColor, body.AutoIssue!.Value, body.ShowGrade ?? false,
            string.IsNullOrWhiteSpace(body.LogoFileId) ? null : body.LogoFileId.Trim());
        errors.AddAll(CertificateRules.Validate(settings));
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        return TypedResults.Ok(CertificateSettingsResponse.From(await context.Grain<ICertificateSettingsGrain>(bootcampId).SetAsync(context.Caller, settings)));
    }

    public static async Task<Results<Created<CertificateResponse>, Ok<CertificateResponse>, ValidationProblem>> IssueAsync(
        string bootcampId, IssueCertificateBody body, [AsParameters] CallerContext context, PublicUrl publicUrl, CertificateKeys keys)
    {
        var errors = new FieldErrors();
        if (!errors.RequireText("studentId", body.StudentId, RouteValueLimits.MaxRouteValueChars))
        {
            return errors.ToProblem();
        }
        var result = await context.Grain<ICertificateGrain>(ICertificateGrain.KeyOf(bootcampId, body.StudentId!)).IssueAsync(context.Caller);
        var response = CertificateResponse.From(result.Certificate, publicUrl.Base, keys.IssuerName);
        return result.Created
            ? TypedResults.Created($"/api/certificates/{response.CertificateId}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<Ok<Paged<StudentCertificatesResponse>>, ValidationProblem>> ListBootcampAsync(
        string bootcampId, int? page, int? pageSize, [AsParameters] CallerContext context, PublicUrl publicUrl)
    {
        var paging = new PageRequest(page, pageSize);
        if (paging.Validate() is { Any: true } errors)
        {
            return errors.ToProblem();
        }
        var rows = await context.Grain<ICertificateReaderGrain>(ICertificateReaderGrain.Key)
            .ListBootcampAsync(context.Caller, bootcampId, paging.PageNumber, paging.Size);
        return TypedResults.Ok(new Paged<StudentCertificatesResponse>(
            [.. rows.Items.Select(row => StudentCertificatesResponse.From(row, publicUrl.Base))], paging.PageNumber, paging.Size, rows.Total));
    }

    public static async Task<Ok<MyCertificateResponse[]>> ListMineAsync([AsParameters] CallerContext context, PublicUrl publicUrl, CertificateKeys keys) =>
        TypedResults.Ok(await MineAsync(context, publicUrl, keys));

    /// <summary>The caller's current certificates (a superseded one is replaced by its correction), newest first.</summary>
    internal static async Task<MyCertificateResponse[]> MineAsync(CallerContext context, PublicUrl publicUrl, CertificateKeys keys)
    {
        var certificateKeys = await context.Grain<IUserCertificatesGrain>(context.Caller.UserId).ListAsync();
        var records = await Task.WhenAll(certificateKeys.Select(key => context.Grain<ICertificateGrain>(key).GetAsync(context.Caller)));
        return [.. records.OrderByDescending(r => r.IssuedAt).Select(r => new MyCertificateResponse(
            r.CertificateId, r.BootcampId, r.BootcampTitle, r.IssuedAt, CertificateLinks.StatusName(r.Status),
            CertificateLinks.VerifyUrl(publicUrl.Base, r.CertificateId), CertificateLinks.LinkedInUrl(r, publicUrl.Base, keys.IssuerName)))];
    }

    public static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult>> GetAsync(
        string certificateId, [AsParameters] CallerContext context, PublicUrl publicUrl, CertificateKeys keys) =>
        await GrainOfAsync(certificateId, context) is { } grain
            ? TypedResults.Ok(CertificateResponse.From(await grain.GetAsync(context.Caller, certificateId), publicUrl.Base, keys.IssuerName))
            : Problems.NotFound("certificate");

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetPdfAsync(
        string certificateId, [AsParameters] CallerContext context, IObjectStorage storage)
    {
        if (await GrainOfAsync(certificateId, context) is not { } grain)
        {
            return Problems.NotFound("certificate");
        }
        var key = await grain.GetPdfKeyAsync(context.Caller, certificateId);
        var content = await storage.OpenReadAsync(key, context.Http.RequestAborted);
        context.Http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return TypedResults.Stream(content, "application/pdf", $"certificate-{certificateId}.pdf");
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCredentialAsync(
        string certificateId, [AsParameters] CallerContext context, CertificateProofs proofs, PublicUrl publicUrl)
    {
        if (await GrainOfAsync(certificateId, context) is not { } grain)
        {
            return Problems.NotFound("certificate");
        }
        var record = await grain.GetAsync(context.Caller, certificateId);
        context.Http.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"credential-{certificateId}.json\"";
        return TypedResults.Content(proofs.Credential(record, publicUrl.Base).ToJsonString(), "application/vc+ld+json");
    }

    public static async Task<Results<Created<CertificateResponse>, Ok<CertificateResponse>, ProblemHttpResult, ValidationProblem>> CorrectNameAsync(
        string certificateId, NameCorrectionBody body, [AsParameters] CallerContext context, PublicUrl publicUrl, CertificateKeys keys)
    {
        var errors = new FieldErrors();
        if (!errors.RequireText("studentName", body.StudentName, CertificateRules.MaxStudentNameLength))
        {
            return errors.ToProblem();
        }
        if (await GrainOfAsync(certificateId, context) is not { } grain)
        {
            return Problems.NotFound("certificate");
        }
        var result = await grain.CorrectNameAsync(context.Caller, certificateId, body.StudentName!.Trim());
        var response = CertificateResponse.From(result.Certificate, publicUrl.Base, keys.IssuerName);
        return result.Created
            ? TypedResults.Created($"/api/certificates/{response.CertificateId}", response)
            : TypedResults.Ok(response);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RevokeAsync(
        string certificateId, RevokeCertificateBody body, [AsParameters] CallerContext context)
    {
        var errors = new FieldErrors();
        if (!errors.RequireText("reason", body.Reason, MaxReasonLength))
        {
            return errors.ToProblem();
        }
        if (await GrainOfAsync(certificateId, context) is not { } grain)
        {
            return Problems.NotFound("certificate");
        }
        await grain.RevokeAsync(context.Caller, body.Reason!.Trim());
        return TypedResults.NoContent();
    }

    public static async Task<Ok<VerificationResponse>> VerifyAsync(string certificateId, IClusterClient cluster) =>
        TypedResults.Ok(await RecordOfAsync(certificateId, cluster) is { } record ? VerificationResponse.From(record) : VerificationResponse.Of("unknown"));

    public static async Task<Results<Ok<VerificationResponse>, ValidationProblem>> VerifyTokenAsync(string? t, CertificateProofs proofs, IClusterClient cluster)
    {
        if (!CertificateProofs.IsTokenShaped(t))
        {
            return FieldErrors.Of("t", "t is the token from a certificate's QR code: two base64url parts joined by a dot.").ToProblem();
        }
        if (proofs.VerifyToken(t) is not { } claims)
        {
            return TypedResults.Ok(VerificationResponse.Of("invalid"));
        }
        return TypedResults.Ok(await RecordOfAsync(claims.CertificateId, cluster) is { } record ? VerificationResponse.From(record) : VerificationResponse.Of("unknown"));
    }

    public static async Task<Results<Ok<VerificationResponse>, ValidationProblem>> VerifyPdfAsync(
        HttpContext http, PdfCertificateReader reader, IClusterClient cluster)
    {
        if (!http.Request.HasFormContentType)
        {
            return FieldErrors.Of("file", "Send the PDF as multipart/form-data in a part named file.").ToProblem();
        }
        if (http.Request.ContentLength > MaxPdfBytes + 64 * 1024)
        {
            return FieldErrors.Of("file", "A certificate PDF is at most 5 MB.").ToProblem();
        }
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception malformed) when (malformed is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
        {
            return FieldErrors.Of("file", "The multipart body could not be read: send one part named file holding the PDF.").ToProblem();
        }
        if (form.Files.GetFile("file") is not { Length: > 0 and <= MaxPdfBytes } file)
        {
            return FieldErrors.Of("file", "Attach the certificate PDF (at most 5 MB) as the part named file.").ToProblem();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        var check = reader.Check(buffer.ToArray());
        var found = check.CertificateId is { } id ? await RecordOfAsync(id, cluster) : null;
        var answer = found is not null ? VerificationResponse.From(found) : VerificationResponse.Of(check.CredentialValid ? "unknown" : "invalid");
        if (!check.SignatureValid && answer.Status is "valid")
        {
            // The credential is intact but the file around it was changed: what it shows cannot be trusted.
            answer = answer with { Status = "invalid" };
        }
        return TypedResults.Ok(answer with { SignatureValid = check.SignatureValid, CredentialValid = check.CredentialValid });
    }

    /// <summary>Ids are 40 lowercase hex digits; anything else is unknown without asking a grain.</summary>
    private static bool IsCertificateId(string id) => id.Length == 40 && id.All(char.IsAsciiHexDigitLower);

    private static async Task<ICertificateGrain?> GrainOfAsync(string certificateId, CallerContext context) =>
        IsCertificateId(certificateId) && await context.Grain<ICertificateIdGrain>(certificateId).GetAsync() is { } key
            ? context.Grain<ICertificateGrain>(key)
            : null;

    private static async Task<CertificateRecord?> RecordOfAsync(string certificateId, IClusterClient cluster) =>
        IsCertificateId(certificateId) && await cluster.GetGrain<ICertificateIdGrain>(certificateId).GetAsync() is { } key
            ? await cluster.GetGrain<ICertificateGrain>(key).VerifyAsync(certificateId)
            : null;

    private static string Text(JsonNode node, string name) => node[name]!.GetValue<string>();
}
