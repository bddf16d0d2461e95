using System.Runtime.CompilerServices;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Certificates in a real browser: the student downloads theirs, anyone checks it on the public page, a revocation shows there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CertificateJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A 1×1 8-bit RGBA PNG: the kind of logo PDFsharp draws.</summary>
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>One cast per app: only the first account registered on a fresh process is an admin.</summary>
    private static readonly ConditionalWeakTable<BrowserFixture, Task<Cast>> Casts = new();

    private static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    private Task<Cast> CastAsync() => Casts.GetValue(fixture, f => Cast.RegisterAsync(f.App.Http, "Carla Coach", "Zoë Ñúñez"));

    [Fact]
    public Task StudentDownloadsTheirCertificateThePublicPageShowsItValidAndAfterRevocationRevoked() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
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

        // An admin revokes it from the bootcamp's certificate list, giving the reason the public page then shows.
        var admin = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(admin, cast.AdminEmail, AccountJourneyTests.Password);
        await admin.GotoAsync($"/bootcamps/{bootcampId}");
        await admin.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        var listed = admin.GetByTestId("student-certificates").Filter(new() { HasText = "Zoë Ñúñez" });
        await listed.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await listed.GetByRole(AriaRole.Button, new() { Name = "Revoke certificate" }).ClickAsync();
        await Assertions.Expect(listed.GetByText("Say why it is revoked")).ToBeVisibleAsync();
        await listed.GetByLabel("Reason (shown on the public verification page)").FillAsync("Issued in error");
        await listed.GetByRole(AriaRole.Button, new() { Name = "Revoke certificate" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Zoë Ñúñez's certificate was revoked")).ToBeVisibleAsync();
        await Assertions.Expect(listed).ToContainTextAsync("Revoked");
        await Assertions.Expect(listed).ToContainTextAsync("Issued in error");
        await visitor.ReloadAsync();
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToHaveAttributeAsync("data-status", "revoked");
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToContainTextAsync("Issued in error");
    });

    [Fact]
    public Task AnInstructorCorrectsAMisspeltNameOnAPhoneAndTheOldCertificateShowsAsSupersededLinkedToTheNewOne() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
        var studentEmail = ApiClient.UniqueEmail("misspelt");
        var misspelt = await http.RegisterAsync(studentEmail, AccountJourneyTests.Password, "Zoe Nunes");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Cloud native", capacity: 10));
        await Classroom.EnrollAsync(http, bootcampId, misspelt);
        using var issued = await http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/certificates", cast.Instructor.AccessToken, new { studentId = misspelt.UserId });
        await issued.ExpectAsync(System.Net.HttpStatusCode.Created);
        var oldId = System.Text.Json.Nodes.JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["certificateId"]!.ToString();

        // On a phone: the settings tab states the rule, and the certificate list offers the correction.
        var instructor = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/bootcamps/{bootcampId}");
        await instructor.GetByRole(AriaRole.Tab, new() { Name = "Settings" }).ClickAsync();
        var rule = instructor.GetByTestId("certificate-rule");
        await Assertions.Expect(rule).ToContainTextAsync("an average grade of at least 70 % once every assignment is graded");
        await Assertions.Expect(rule).ToContainTextAsync("Attendance is not part of the rule yet: it will be once live classes track attendance.");
        var listed = instructor.GetByTestId("student-certificates").Filter(new() { HasText = "Zoe Nunes" });
        await Assertions.Expect(listed).ToContainTextAsync("Valid");
        await Assertions.Expect(listed.GetByRole(AriaRole.Button, new() { Name = "Revoke" })).ToHaveCountAsync(0);

        // Keyboard only: the button opens a labelled field holding the printed name; Enter sends it.
        await listed.GetByRole(AriaRole.Button, new() { Name = "Correct name" }).FocusAsync();
        await instructor.Keyboard.PressAsync("Enter");
        var name = listed.GetByLabel("Name as it should be printed");
        await Assertions.Expect(name).ToBeFocusedAsync();
        await Assertions.Expect(name).ToHaveValueAsync("Zoe Nunes");
        await instructor.Keyboard.PressAsync("Enter");
        await Assertions.Expect(listed.GetByText("That is the name already printed")).ToBeVisibleAsync();
        await name.FillAsync("Zoë Núñez");
        await name.PressAsync("Enter");
        await Assertions.Expect(instructor.GetByText("A corrected certificate for Zoë Núñez was issued and emailed")).ToBeVisibleAsync();
        var superseded = listed.GetByTestId("superseded-certificate");
        await Assertions.Expect(superseded).ToContainTextAsync("“Zoe Nunes”");
        await Assertions.Expect(listed).ToContainTextAsync("Printed name “Zoë Núñez”");
        Assert.True(await instructor.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the settings tab scrolls sideways at 390 px");
        var newHref = await superseded.GetByRole(AriaRole.Link, new() { Name = "the corrected certificate" }).GetAttributeAsync("href");
        var newId = newHref!["/verify/".Length..];
        Assert.NotEqual(oldId, newId);

        // The student's list has only the current certificate.
        var student = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(student, studentEmail, AccountJourneyTests.Password);
        await student.GotoAsync("/me/certificates");
        var mine = student.GetByTestId("my-certificate");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(mine).ToContainTextAsync(newId);
        await Assertions.Expect(mine).ToContainTextAsync("Valid");

        // Anyone holding the old PDF: its verification page says superseded and leads to the current one.
        var visitor = await fixture.NewPageAsync(Phone);
        await visitor.GotoAsync($"/verify/{oldId}");
        var verification = visitor.GetByTestId("verification").First;
        await Assertions.Expect(verification).ToHaveAttributeAsync("data-status", "superseded");
        await Assertions.Expect(verification).ToContainTextAsync("Zoe Nunes");
        await verification.GetByTestId("superseded-by").ClickAsync();
        await Assertions.Expect(visitor).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/verify/{newId}$"));
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToHaveAttributeAsync("data-status", "valid");
        await Assertions.Expect(visitor.GetByTestId("verification").First).ToContainTextAsync("Zoë Núñez");
    });
}
