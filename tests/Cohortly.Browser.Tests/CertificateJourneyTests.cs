using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Certificates in a real browser: the student downloads theirs, anyone checks it on the public page, a revocation shows there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CertificateJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A 1×1 8-bit RGBA PNG: the kind of logo PDFsharp draws.</summary>
    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    [Fact]
    public Task StudentDownloadsTheirCertificateThePublicPageShowsItValidAndAfterRevocationRevoked() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Carla Coach", "Zoë Ñúñez");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId",
            ApiClient.BootcampBody("Distributed systems", capacity: 10, skills: ["Orleans", "PostgreSQL"]));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);

        // The instructor sets the template on the bootcamp's settings tab and issues the certificate by hand.
        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/bootcamps/{bootcampId}");
        await instructor.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        var settings = instructor.GetByTestId("certificate-settings");
        await settings.GetByLabel("Signer's name").FillAsync("Carla Coach");
        await settings.GetByLabel("Logo (PNG or JPEG, printed top left)").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = OnePixelPng });
        await Assertions.Expect(instructor.GetByText("Logo uploaded: save the settings to use it.")).ToBeVisibleAsync();
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save certificate settings" }).ClickAsync();
        await Assertions.Expect(instructor.GetByText("Certificate settings saved.")).ToBeVisibleAsync();
        await settings.GetByLabel("Issue a certificate by hand to").SelectOptionAsync(cast.Student.UserId);
        await settings.GetByRole(AriaRole.Button, new() { Name = "Issue certificate" }).ClickAsync();
        await Assertions.Expect(instructor.GetByText("Certificate issued to Zoë Ñúñez.")).ToBeVisibleAsync();
        using var mine = await http.SendAsync(HttpMethod.Get, "/api/me/certificates", cast.Student.AccessToken);
        var certificateId = System.Text.Json.Nodes.JsonNode.Parse(await mine.Content.ReadAsStringAsync())!.AsArray().Single()!["certificateId"]!.ToString();

        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, cast.StudentEmail, AccountJourneyTests.Password);
        await student.GotoAsync("/");
        await Assertions.Expect(student.GetByTestId("home-certificates")).ToContainTextAsync("Distributed systems");
        await student.GotoAsync("/me/certificates");
        var row = student.GetByTestId("my-certificate");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Distributed systems");
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Add to LinkedIn profile" })).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https://www\\.linkedin\\.com/profile/add\\?"));
        var download = await student.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Button, new() { Name = "Download PDF" }).ClickAsync());
        Assert.Equal($"certificate-{certificateId}.pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));

        // Anyone, signed out: the public page shows the certificate valid with its printed fields, and checks the PDF.
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync($"/verify/{certificateId}");
        var verification = visitor.GetByTestId("verification").First;
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(verification).ToContainTextAsync("Zoë Ñúñez");
        await Assertions.Expect(verification).ToContainTextAsync("Orleans, PostgreSQL");
        await Assertions.Expect(verification).ToContainTextAsync("Carla Coach");
        await visitor.GetByTestId("verify-pdf-input").SetInputFilesAsync(new FilePayload { Name = "certificate.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Assertions.Expect(visitor.GetByTestId("pdf-check")).ToContainTextAsync("The PDF signature is ours");
        await Assertions.Expect(visitor.GetByTestId("pdf-check")).ToContainTextAsync("The credential inside is intact");

        using var revoke = await http.SendAsync(HttpMethod.Post, $"/api/certificates/{certificateId}/revoke", cast.Admin.AccessToken, new { reason = "Issued in error" });
        await revoke.ExpectAsync(System.Net.HttpStatusCode.NoContent);
        await visitor.ReloadAsync();
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToHaveAttributeAsync("data-status", "revoked");
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToContainTextAsync("Issued in error");
    });
}
