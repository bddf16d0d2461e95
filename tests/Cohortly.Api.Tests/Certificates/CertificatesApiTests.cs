using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Api.Tests.Files;
using Cohortly.Testing;
using SkiaSharp;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Cohortly.Api.Tests.Certificates;

[Collection(EmbeddedAppCollection.Name)]
public sealed class CertificatesApiTests(EmbeddedAppFixture fixture)
{
    private const string InternationalName = "Zoë Ñúñez 李小龙";
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task AnInstructorIssuesOnceAndTheStudentDownloadsAPdfThatNamesThemAndVerifies()
    {
        var story = await StoryAsync(InternationalName);

        using var first = await IssueAsync(story.Instructor, story);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var certificate = (await first.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = certificate["certificateId"]!.ToString();
        Assert.Matches("^[0-9a-f]{40}$", id);
        using var again = await IssueAsync(story.Instructor, story);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString());

        var mine = (await _api.GetJsonAsync(story.Student, "/api/me/certificates")).AsArray();
        var listed = Assert.Single(mine)!;
        Assert.Equal((id, story.Title, "valid"), (listed["certificateId"]!.ToString(), listed["bootcampTitle"]!.ToString(), listed["status"]!.ToString()));
        Assert.EndsWith($"/verify/{id}", listed["verifyUrl"]!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("https://www.linkedin.com/profile/add?", listed["linkedInUrl"]!.ToString(), StringComparison.Ordinal);

        var pdf = await PdfAsync(story.Student, id);
        var text = PageText(pdf);
        Assert.Contains(InternationalName, text, StringComparison.Ordinal);
        // Drawn, not boxes: DejaVu has no Chinese letters, so they come from the CJK fallback font (fonts-droid-fallback, .ci/run).
        Assert.All(LettersOf(pdf, "李小龙"), letter => Assert.EndsWith("+Droid Sans Fallback", letter.FontName, StringComparison.Ordinal));
        Assert.All(LettersOf(pdf, "Zoë"), letter => Assert.Contains("+DejaVu Sans", letter.FontName, StringComparison.Ordinal));
        Assert.Contains(story.Title, text, StringComparison.Ordinal);
        Assert.Contains(id, text, StringComparison.Ordinal);
        Assert.Contains("Skills: Rust · SQL", text, StringComparison.Ordinal);

        var check = await VerifyPdfAsync(pdf);
        Assert.Equal(("valid", true, true, InternationalName), Outcome(check));

        var edited = (byte[])pdf.Clone();
        edited[edited.Length / 3] ^= 0x01;
        var editedCheck = await VerifyPdfAsync(edited);
        Assert.False(editedCheck["signatureValid"]!.GetValue<bool>());
        Assert.Equal("invalid", editedCheck["status"]!.ToString());

        var publicView = await PublicJsonAsync($"/api/verify/{id}");
        Assert.Equal(("valid", InternationalName, story.Title), (publicView["status"]!.ToString(), publicView["studentName"]!.ToString(), publicView["bootcampTitle"]!.ToString()));
        Assert.Equal(["Rust", "SQL"], publicView["skills"]!.AsArray().Select(s => s!.ToString()));
        Assert.Equal("unknown", (await PublicJsonAsync($"/api/verify/{new string('a', 40)}"))["status"]!.ToString());
    }

    [Fact]
    public async Task PopplersPdfsigFindsTheSignatureValidAndAOneByteEditInvalid()
    {
        var story = await StoryAsync("Petra Poppler");
        using var issued = await IssueAsync(story.Instructor, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        var pdf = await PdfAsync(story.Student, id);

        var intact = await PdfsigAsync(pdf);
        // Self-signed, so poppler does not trust the certificate; what it must say is that the signature matches the bytes.
        Assert.Contains("Signature Validation: Signature is Valid.", intact, StringComparison.Ordinal);
        Assert.Contains("Petra Poppler", PageText(pdf), StringComparison.Ordinal);

        var edited = (byte[])pdf.Clone();
        edited[edited.Length / 3] ^= 0x01;
        var broken = await PdfsigAsync(edited);
        Assert.DoesNotContain("Signature is Valid", broken, StringComparison.Ordinal);
        Assert.Contains("Signature Validation:", broken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQrCodeCarriesATokenThatVerifiesFailsWhenAFieldChangesAndShowsARevocation()
    {
        var story = await StoryAsync("Quinn Rivera");
        using var issued = await IssueAsync(fixture.Admin, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();

        var link = DecodeQr(await PdfAsync(story.Student, id));
        Assert.Contains($"/verify/{id}?t=", link, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("?t=", StringComparison.Ordinal) + 3)..]);

        var valid = await PublicJsonAsync($"/api/verify/token?t={Uri.EscapeDataString(token)}");
        Assert.Equal(("valid", "Quinn Rivera", id), (valid["status"]!.ToString(), valid["studentName"]!.ToString(), valid["certificateId"]!.ToString()));

        var (payload, signature) = (token.Split('.')[0], token.Split('.')[1]);
        var claims = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(payload)).Replace("Quinn Rivera", "Quinn Riviera", StringComparison.Ordinal);
        var forged = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + "." + signature;
        Assert.Equal("invalid", (await PublicJsonAsync($"/api/verify/token?t={Uri.EscapeDataString(forged)}"))["status"]!.ToString());
        Assert.Equal("invalid", (await PublicJsonAsync("/api/verify/token?t=bm90.c2lnbmVk"))["status"]!.ToString());
        using var malformed = await _api.Http.GetAsync("/api/verify/token?t=not-a-token");
        Assert.NotEmpty((await malformed.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("t"));

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "mine" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Instructor, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "theirs" }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "" }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "Academic misconduct" }));

        var revoked = await PublicJsonAsync($"/api/verify/token?t={Uri.EscapeDataString(token)}");
        Assert.Equal(("revoked", "Academic misconduct"), (revoked["status"]!.ToString(), revoked["reason"]!.ToString()));
        Assert.NotNull(revoked["revokedAt"]);
        Assert.Equal("revoked", (await PublicJsonAsync($"/api/verify/{id}"))["status"]!.ToString());

        // The student hears of it once, with the reason, even when the admin presses revoke again.
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "Again" }));
        var inbox = await Eventually.Until(async () => (await _api.GetJsonAsync(story.Student, "/api/notifications"))["items"]!.AsArray(),
            items => items.Any(n => n!["kind"]!.ToString() == "certificate.revoked"), TimeSpan.FromSeconds(30), "the revocation's notification");
        var told = Assert.Single(inbox, n => n!["kind"]!.ToString() == "certificate.revoked")!;
        Assert.Contains("Academic misconduct", told["body"]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCredentialVerifiesWithAnIndependentImplementationAndFailsWhenAFieldChanges()
    {
        var story = await StoryAsync("Noor Haddad");
        using var issued = await IssueAsync(story.Instructor, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();

        var credential = await CredentialAsync(story.Student, id);
        Assert.Equal(["VerifiableCredential", "OpenBadgeCredential"], credential["type"]!.AsArray().Select(t => t!.ToString()));
        Assert.Equal("eddsa-jcs-2022", credential["proof"]!["cryptosuite"]!.ToString());
        Assert.Equal("Noor Haddad", credential["credentialSubject"]!["name"]!.ToString());

        Assert.Equal("valid", await NodeVerifyAsync(credential.ToJsonString()));
        credential["credentialSubject"]!["name"] = "Noor Hadad";
        Assert.Equal("invalid", await NodeVerifyAsync(credential.ToJsonString()));
    }

    [Fact]
    public async Task TheStatusListVerifiesIndependentlyAndReadsValidBeforeARevocationAndRevokedAfter()
    {
        var story = await StoryAsync("Stella Status");
        using var issued = await IssueAsync(story.Instructor, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        var credential = await CredentialAsync(story.Student, id);
        var status = credential["credentialStatus"]!;
        Assert.Equal(("BitstringStatusListEntry", "revocation"), (status["type"]!.ToString(), status["statusPurpose"]!.ToString()));
        var listPath = new Uri(status["statusListCredential"]!.ToString()).AbsolutePath;

        var before = await PublicJsonAsync(listPath);
        Assert.Equal(["VerifiableCredential", "BitstringStatusListCredential"], before["type"]!.AsArray().Select(t => t!.ToString()));
        Assert.StartsWith("u", before["credentialSubject"]!["encodedList"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("valid", await NodeStatusAsync(credential, before));

        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, $"/api/certificates/{id}/revoke", new { reason = "Issued in error" }));
        var after = await PublicJsonAsync(listPath);
        Assert.Equal("revoked", await NodeStatusAsync(credential, after));

        // The list is signed: a bit flipped back by hand no longer carries the issuer's proof.
        after["credentialSubject"]!["encodedList"] = before["credentialSubject"]!["encodedList"]!.ToString();
        Assert.Equal("invalid", await NodeStatusAsync(credential, after));
        using var missing = await _api.Http.GetAsync("/api/certificates/status/999999");
        await missing.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ANameCorrectionIssuesANewCertificateAndTheOldOneVerifiesAsSupersededNotRevoked()
    {
        var story = await StoryAsync("Jon Smiht");
        using var issued = await IssueAsync(story.Instructor, story);
        var oldId = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        var path = $"/api/certificates/{oldId}/name-correction";

        var mentor = await _api.StudentAsync("Mentor Mo");
        await _api.AssignStaffAsync(story.BootcampId, mentor.UserId, "mentor");
        var otherInstructor = await _api.InstructorAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Post, path, new { studentName = "Jon Smith" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(mentor, HttpMethod.Post, path, new { studentName = "Jon Smith" }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Post, path, new { studentName = "Jon Smith" }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(fixture.Admin, HttpMethod.Post, path, new { studentName = " " }));
        Assert.Equal("Jon Smiht", (await PublicJsonAsync($"/api/verify/{oldId}"))["studentName"]!.ToString());

        // The bootcamp's instructor, who may issue by hand, may re-issue with the name spelt right.
        using var corrected = await _api.Http.SendAsync(HttpMethod.Post, path, story.Instructor.AccessToken, new { studentName = "Jon Smith" });
        await corrected.ExpectAsync(HttpStatusCode.Created);
        var newId = (await corrected.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        Assert.NotEqual(oldId, newId);

        var old = await PublicJsonAsync($"/api/verify/{oldId}");
        Assert.Equal(("superseded", newId, "Jon Smiht"), (old["status"]!.ToString(), old["supersededBy"]!.ToString(), old["studentName"]!.ToString()));
        Assert.Null(old["revokedAt"]);
        var current = await PublicJsonAsync($"/api/verify/{newId}");
        Assert.Equal(("valid", "Jon Smith"), (current["status"]!.ToString(), current["studentName"]!.ToString()));
        Assert.Contains("Jon Smith", PageText(await PdfAsync(story.Student, newId)), StringComparison.Ordinal);

        var mine = (await _api.GetJsonAsync(story.Student, "/api/me/certificates")).AsArray();
        Assert.Equal((newId, "valid"), (Assert.Single(mine)!["certificateId"]!.ToString(), mine[0]!["status"]!.ToString()));
        var card = Assert.Single((await _api.GetJsonAsync(story.Student, "/api/me/home"))["cards"]!.AsArray(), c => c!["kind"]!.ToString() == "certificates.mine")!;
        Assert.Equal((1, newId), (card["data"]!["total"]!.GetValue<int>(), card["data"]!["recent"]![0]!["certificateId"]!.ToString()));
        var emails = await Eventually.Until(() => CertificateEmailsToAsync(story.StudentEmail), found => found.Count >= 2, TimeSpan.FromSeconds(30), "the corrected certificate's email");
        Assert.Contains(emails, e => e["attachments"]!.AsArray().Any(a => a!.ToString() == $"certificate-{newId}.pdf"));
        var inbox = await Eventually.Until(async () => (await _api.GetJsonAsync(story.Student, "/api/notifications"))["items"]!.AsArray(),
            items => items.Count(n => n!["kind"]!.ToString() == "certificate.issued") >= 2, TimeSpan.FromSeconds(30), "the corrected certificate's notification");
        var certificateNotices = inbox.Where(n => n!["kind"]!.ToString() == "certificate.issued").ToList();
        var told = certificateNotices.Single(n => n!["data"]!["certificateId"]!.ToString() == newId)!;
        Assert.Equal(("Your corrected certificate is ready", oldId), (told["title"]!.ToString(), told["data"]!["replaces"]!.ToString()));
        Assert.Contains("name corrected", told["body"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("Your certificate is ready", certificateNotices.Single(n => n!["data"]!["certificateId"]!.ToString() == oldId)!["title"]!.ToString());

        using var repeated = await _api.Http.SendAsync(HttpMethod.Post, $"/api/certificates/{newId}/name-correction", fixture.Admin.AccessToken, new { studentName = "Jon Smith" });
        await repeated.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(newId, (await repeated.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString());
        using var stale = await _api.Http.SendAsync(HttpMethod.Post, path, fixture.Admin.AccessToken, new { studentName = "John Smith" });
        await stale.ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task StaffSeeEachStudentsCertificatesWithTheSupersededOneAfterANameCorrection()
    {
        var story = await StoryAsync("Ana Lisa");
        var waiting = await _api.StudentAsync("Not Yet Nia");
        await _api.EnrollAsync(waiting, story.BootcampId);
        using var issued = await IssueAsync(story.Instructor, story);
        var oldId = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        using var corrected = await _api.Http.SendAsync(HttpMethod.Post, $"/api/certificates/{oldId}/name-correction", story.Instructor.AccessToken, new { studentName = "Ana Luísa" });
        await corrected.ExpectAsync(HttpStatusCode.Created);
        var newId = (await corrected.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        var path = $"/api/bootcamps/{story.BootcampId}/certificates";

        var list = await _api.GetJsonAsync(story.Instructor, path);
        Assert.Equal(2, list["total"]!.GetValue<int>());
        var rows = list["items"]!.AsArray();
        var ana = Assert.Single(rows, r => r!["studentId"]!.ToString() == story.Student.UserId)!["certificates"]!.AsArray();
        Assert.Equal(
            new[] { (newId, "Ana Luísa", "valid", (string?)null), (oldId, "Ana Lisa", "superseded", newId) },
            ana.Select(c => (c!["certificateId"]!.ToString(), c["studentName"]!.ToString(), c["status"]!.ToString(), c["supersededBy"]?.ToString())));
        Assert.EndsWith($"/verify/{newId}", ana[0]!["verifyUrl"]!.ToString(), StringComparison.Ordinal);
        Assert.Empty(Assert.Single(rows, r => r!["studentId"]!.ToString() == waiting.UserId)!["certificates"]!.AsArray());
        var secondPage = await _api.GetJsonAsync(story.Instructor, $"{path}?page=2&pageSize=1");
        Assert.Equal(rows[1]!["studentId"]!.ToString(), Assert.Single(secondPage["items"]!.AsArray())!["studentId"]!.ToString());

        var mentor = await _api.StudentAsync("Mentor Max");
        await _api.AssignStaffAsync(story.BootcampId, mentor.UserId, "mentor");
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(mentor, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(await _api.InstructorAsync(), HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(story.Instructor, HttpMethod.Get, $"{path}?pageSize=0"));
    }

    [Fact]
    public async Task CertificatesIssuedAtOnceGetDifferentPlacesInTheStatusList()
    {
        var instructor = await _api.InstructorAsync();
        var bootcampId = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody("Status Race Bootcamp"));
        var students = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            var student = await _api.Http.RegisterAsync(ApiClient.UniqueEmail("race"), displayName: $"Racer {i}");
            await _api.EnrollAsync(student, bootcampId);
            return student;
        }));

        var ids = await Task.WhenAll(students.Select(async student =>
        {
            using var issued = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/certificates", instructor.AccessToken, new { studentId = student.UserId });
            await issued.ExpectAsync(HttpStatusCode.Created);
            return (Student: student, Id: (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString());
        }));
        var places = await Task.WhenAll(ids.Select(async c => (await CredentialAsync(c.Student, c.Id))["credentialStatus"]!["id"]!.ToString()));

        Assert.Equal(places.Length, places.Distinct().Count());
    }

    [Fact]
    public async Task TwentyParallelIssueCallsMakeOneCertificateAndOneEmail()
    {
        var story = await StoryAsync("Parallel Pat");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => IssueAsync(story.Instructor, story)));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString()));
        Assert.Single(ids.Distinct());
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var emails = await Eventually.Until(() => CertificateEmailsToAsync(story.StudentEmail), found => found.Count >= 1, TimeSpan.FromSeconds(30), "the certificate email");
        var email = Assert.Single(emails)!;
        Assert.Contains($"certificate-{ids[0]}.pdf", email["attachments"]!.AsArray().Select(a => a!.ToString()));
        Assert.Single(await CertificateEmailsToAsync(story.StudentEmail));
    }

    [Fact]
    public async Task StudentsCannotIssueAndNobodyElseCanReadSomeonesCertificate()
    {
        var story = await StoryAsync("Owner Olu");
        var classmate = await _api.StudentAsync("Classmate");
        await _api.EnrollAsync(classmate, story.BootcampId);
        var otherInstructor = await _api.InstructorAsync();

        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/certificates", new { studentId = story.Student.UserId }));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/certificates", new { studentId = story.Student.UserId }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(story.Instructor, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/certificates", new { studentId = otherInstructor.UserId }));
        Assert.Equal(HttpStatusCode.BadRequest, await _api.StatusAsync(story.Instructor, HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/certificates", new { }));

        using var issued = await IssueAsync(story.Instructor, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        foreach (var path in new[] { $"/api/certificates/{id}", $"/api/certificates/{id}/pdf", $"/api/certificates/{id}/credential" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(classmate, HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(otherInstructor, HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, path));
        }
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(story.Student, HttpMethod.Get, $"/api/certificates/{new string('b', 40)}/pdf"));
        Assert.Empty((await _api.GetJsonAsync(classmate, "/api/me/certificates")).AsArray());
        Assert.DoesNotContain((await _api.GetJsonAsync(classmate, "/api/me/home"))["cards"]!.AsArray(), c => c!["kind"]!.ToString() == "certificates.mine");
    }

    [Fact]
    public async Task SettingsAreForTheBootcampsStaffAndRefuseBadValues()
    {
        var story = await StoryAsync("Settings Sam");
        var path = $"/api/bootcamps/{story.BootcampId}/certificate-settings";

        var defaults = await _api.GetJsonAsync(story.Instructor, path);
        Assert.False(defaults["autoIssue"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.Forbidden, await _api.StatusAsync(story.Student, HttpMethod.Put, path, Settings()));
        Assert.Equal(HttpStatusCode.NotFound, await _api.StatusAsync(fixture.Admin, HttpMethod.Get, "/api/bootcamps/no-such-bootcamp/certificate-settings"));

        using var bad = await _api.Http.SendAsync(HttpMethod.Put, path, story.Instructor.AccessToken, Settings(passPercent: 140, accentColor: "blue"));
        var problem = await bad.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("passPercent"));
        Assert.NotEmpty(problem.FieldErrors("accentColor"));

        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put, path, Settings(signerName: "Grace Hopper")));
        Assert.Equal("Grace Hopper", (await _api.GetJsonAsync(fixture.Admin, path))["signerName"]!.ToString());
    }

    [Fact]
    public async Task StaffChooseAnUploadedImageAsTheLogoAndItIsDrawnOnTheCertificate()
    {
        var story = await StoryAsync("Logo Lena");
        var path = $"/api/bootcamps/{story.BootcampId}/certificate-settings";
        var logo = await UploadedAsync(story.Instructor, "logo.png", TestFiles.Png(200, 80), "resource", story.BootcampId);
        var studentsImage = await UploadedAsync(story.Student, "me.png", TestFiles.Png(40, 40), "avatar");
        var notAnImage = await UploadedAsync(story.Instructor, "brief.pdf", Uploads.Pdf("logo"), "resource", story.BootcampId);
        var otherInstructor = await _api.InstructorAsync();
        var otherBootcamp = await _api.CreateBootcampAsync(otherInstructor, ApiClient.BootcampBody("Other Logo Bootcamp"));
        var someoneElses = await UploadedAsync(otherInstructor, "theirs.png", TestFiles.Png(60, 60), "resource", otherBootcamp);

        foreach (var refused in new[] { studentsImage, notAnImage, someoneElses, "no-such-file" })
        {
            using var bad = await _api.Http.SendAsync(HttpMethod.Put, path, story.Instructor.AccessToken, Settings(logoFileId: refused));
            Assert.NotEmpty((await bad.ProblemAsync(HttpStatusCode.BadRequest)).FieldErrors("logoFileId"));
        }
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put, path, Settings(logoFileId: logo)));
        Assert.Equal(logo, (await _api.GetJsonAsync(story.Instructor, path))["logoFileId"]!.ToString());

        using var issued = await IssueAsync(story.Instructor, story);
        var id = (await issued.Content.ReadFromJsonAsync<JsonObject>())!["certificateId"]!.ToString();
        using var document = UglyToad.PdfPig.PdfDocument.Open(await PdfAsync(story.Student, id));
        var images = document.GetPage(1).GetImages().ToList();
        Assert.Equal(2, images.Count);
        var drawn = images.OrderBy(i => i.BoundingBox.Bottom).Last();
        // Top left, in its own proportions (200 × 80 fits 120 × 48 pt).
        Assert.Equal((120, 48), ((int)Math.Round(drawn.BoundingBox.Width), (int)Math.Round(drawn.BoundingBox.Height)));
        Assert.True(drawn.BoundingBox.Left < 100, $"The logo is drawn at x = {drawn.BoundingBox.Left}, not top left.");
    }

    [Fact]
    public async Task AStudentWhoMeetsTheRuleGetsTheirCertificateAutomaticallyWithANotification()
    {
        var story = await StoryAsync("Auto Ada");
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put,
            $"/api/bootcamps/{story.BootcampId}/certificate-settings", Settings(passPercent: 60, autoIssue: true, showGrade: true)));
        var assignmentId = await _api.CreateAssignmentAsync(story.Instructor, story.BootcampId);
        await _api.SubmitAsync(story.Student, assignmentId);

        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{story.Student.UserId}/grade", new { score = 50, feedback = "" }));
        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(story.Instructor, HttpMethod.Put,
            $"/api/assignments/{assignmentId}/submissions/{story.Student.UserId}/grade", new { score = 85, feedback = "" }));

        var mine = await Eventually.Until(async () => (await _api.GetJsonAsync(story.Student, "/api/me/certificates")).AsArray(),
            list => list.Count > 0, TimeSpan.FromSeconds(30), "the automatic certificate");
        var id = Assert.Single(mine)!["certificateId"]!.ToString();
        Assert.Equal("85%", (await PublicJsonAsync($"/api/verify/{id}"))["grade"]!.ToString());
        var inbox = await Eventually.Until(async () => (await _api.GetJsonAsync(story.Student, "/api/notifications"))["items"]!.AsArray(),
            items => items.Any(n => n!["kind"]!.ToString() == "certificate.issued"), TimeSpan.FromSeconds(30), "the certificate notification");
        Assert.Equal(id, inbox.First(n => n!["kind"]!.ToString() == "certificate.issued")!["data"]!["certificateId"]!.ToString());
    }

    [Fact]
    public async Task ThePublishedKeySetHasTheEd25519KeyWithItsId()
    {
        var keys = (await PublicJsonAsync("/.well-known/cohortly/keys.json"))["keys"]!.AsArray();
        var key = Assert.Single(keys)!;
        Assert.Equal(("OKP", "Ed25519"), (key["kty"]!.ToString(), key["crv"]!.ToString()));
        Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(key["x"]!.ToString()).Length);
        Assert.False(string.IsNullOrEmpty(key["kid"]!.ToString()));
    }

    [Fact]
    public async Task ThePublicVerifyRoutesAreLimitedPerClient()
    {
        using var data = new TempDirectory("cohortly-verify-limit");
        await using var app = await CohortlyApp.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Cohortly__Certificates__VerifyRequestsPerMinute"] = "2",
        });
        var path = $"/api/verify/{new string('c', 40)}";

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await app.Http.GetAsync(path);
            await allowed.ExpectAsync(HttpStatusCode.OK);
        }
        using var limited = await app.Http.GetAsync("/api/verify/token?t=bm90.c2lnbmVk");

        await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotEmpty(limited.Headers.GetValues("Retry-After"));
    }

    private static object Settings(
        decimal passPercent = 70, string accentColor = "#0b7a75", string signerName = "Dana Director", bool autoIssue = false, bool showGrade = false,
        string? logoFileId = null) =>
        new { passPercent, requireAllAssignments = true, signerName, signerTitle = "Head of School", accentColor, autoIssue, showGrade, logoFileId };

    private async Task<string> UploadedAsync(Tokens owner, string name, byte[] bytes, string purpose, string? bootcampId = null)
    {
        using var response = await _api.Http.UploadAsync(owner.AccessToken, name, bytes, purpose, bootcampId: bootcampId);
        await response.ExpectAsync(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["fileId"]!.ToString();
    }

    private async Task<Story> StoryAsync(string studentName)
    {
        var instructor = await _api.InstructorAsync();
        var title = $"Systems Bootcamp {Guid.NewGuid():N}"[..28];
        var bootcampId = await _api.CreateBootcampAsync(instructor, ApiClient.BootcampBody(title, skills: ["Rust", "SQL"]));
        var email = ApiClient.UniqueEmail("student");
        var student = await _api.Http.RegisterAsync(email, displayName: studentName);
        await _api.EnrollAsync(student, bootcampId);
        return new Story(instructor, bootcampId, title, student, email);
    }

    private Task<HttpResponseMessage> IssueAsync(Tokens caller, Story story) =>
        _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{story.BootcampId}/certificates", caller.AccessToken, new { studentId = story.Student.UserId });

    private async Task<byte[]> PdfAsync(Tokens caller, string id)
    {
        using var response = await _api.Http.SendAsync(HttpMethod.Get, $"/api/certificates/{id}/pdf", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<JsonObject> CredentialAsync(Tokens caller, string id)
    {
        using var response = await _api.Http.SendAsync(HttpMethod.Get, $"/api/certificates/{id}/credential", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject)!;
    }

    private async Task<JsonObject> PublicJsonAsync(string path)
    {
        using var response = await _api.Http.GetAsync(path);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<JsonObject> VerifyPdfAsync(byte[] pdf)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "certificate.pdf");
        using var response = await _api.Http.PostAsync("/api/verify/pdf", form);
        await response.ExpectAsync(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static (string, bool, bool, string?) Outcome(JsonObject check) =>
        (check["status"]!.ToString(), check["signatureValid"]!.GetValue<bool>(), check["credentialValid"]!.GetValue<bool>(), check["studentName"]?.ToString());

    private static string PageText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(w => w.Text))));
    }

    private static List<UglyToad.PdfPig.Content.Letter> LettersOf(byte[] pdf, string letters)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var all = document.GetPage(1).Letters.ToList();
        for (var i = 0; i + letters.Length <= all.Count; i++)
        {
            if (string.Concat(all.Skip(i).Take(letters.Length).Select(l => l.Value)) == letters)
            {
                return all.GetRange(i, letters.Length);
            }
        }
        Assert.Fail($"\"{letters}\" is not drawn on the page.");
        return [];
    }

    /// <summary>Takes the QR image out of the PDF's page and reads it with ZXing, as a phone camera would read the print.</summary>
    private static string DecodeQr(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var image = Assert.Single(document.GetPage(1).GetImages());
        Assert.True(image.TryGetPng(out var png), "The QR image could not be read back as a PNG.");
        using var bitmap = SKBitmap.Decode(png);
        var gray = new byte[bitmap.Width * bitmap.Height];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                gray[y * bitmap.Width + x] = (byte)((pixel.Red + pixel.Green + pixel.Blue) / 3);
            }
        }
        var source = new RGBLuminanceSource(gray, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.Gray8);
        // A rendered code, not a photo: PURE_BARCODE reads it from its quiet zone instead of hunting for finder patterns.
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.PURE_BARCODE] = true, [DecodeHintType.TRY_HARDER] = true };
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints);
        Assert.NotNull(result);
        return result.Text;
    }

    /// <summary>Poppler's own check of the PDF signature (Debian poppler-utils, installed by .ci/run): its report.</summary>
    private static async Task<string> PdfsigAsync(byte[] pdf)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, pdf);
            var run = await NpmPackage.RunAsync("pdfsig", [file], Path.GetTempPath());
            return run.Output + run.Error;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static Task<string> NodeVerifyAsync(string credentialJson) => NodeAsync("verify.mjs", credentialJson);

    /// <summary>The independent status list check (tests/certverify/status.mjs): valid, revoked or invalid.</summary>
    private static Task<string> NodeStatusAsync(JsonObject credential, JsonObject statusList) =>
        NodeAsync("status.mjs", new JsonObject { ["credential"] = credential.DeepClone(), ["statusList"] = statusList.DeepClone() }.ToJsonString());

    private static async Task<string> NodeAsync(string scriptName, string inputJson)
    {
        await NpmPackage.EnsureInstalledAsync("certverify", Path.Combine("node_modules", "canonicalize", "package.json"));
        var script = Path.Combine(NpmPackage.FolderOf("certverify"), scriptName);
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, inputJson);
            var run = await NpmPackage.RunAsync("sh", ["-c", $"node '{script}' < '{input}'"], NpmPackage.FolderOf("certverify"));
            Assert.True(run.ExitCode == 0, run.Error);
            return run.Output.Trim();
        }
        finally
        {
            File.Delete(input);
        }
    }

    private async Task<List<JsonNode>> CertificateEmailsToAsync(string email) =>
        [.. (await _api.GetJsonAsync(fixture.Admin, "/dev/mailbox?limit=500"))["items"]!.AsArray()
            .Where(m => m!["to"]!.ToString() == email && m["subject"]!.ToString().Contains("certificate", StringComparison.OrdinalIgnoreCase))
            .Select(m => m!)];

    private sealed record Story(Tokens Instructor, string BootcampId, string Title, Tokens Student, string StudentEmail);
}
